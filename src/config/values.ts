import * as v from 'valibot'
import type { ReadFile } from '../adapter/contract.ts'

export type { ReadFile }

/** Quotes a non-secret value for a message. Secret values never reach this. */
const show = (value: unknown): string => JSON.stringify(value)

/** Splits on commas and newlines, trims, drops empty items: `"a, b\nc,"` → `["a", "b", "c"]`. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')

/**
 * A decimal integer (`"10s"`, `"1e3"` and `""` are refused) for which `accepts` holds;
 * `description` completes "expected …" in the message.
 */
export const integer = (description: string, accepts: (value: number) => boolean) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^-?\d+$/, (issue) => `expected ${description}, got ${show(issue.input)}`),
    v.transform(Number),
    v.check(
      (value) => Number.isSafeInteger(value) && accepts(value),
      (issue) => `expected ${description}, got ${show(issue.input)}`
    )
  )

/** An integer from `min` to `max` inclusive (no upper bound by default). */
export const integerFrom = (min: number, max?: number) =>
  integer(
    max === undefined ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`,
    (value) => value >= min && (max === undefined || value <= max)
  )

/**
 * The largest delay `setTimeout` honours; Node fires a longer one after 1 ms instead.
 * Millisecond durations are capped at it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

const TRUE = ['true', '1', 'yes']
const FALSE = ['false', '0', 'no']

/** `true`/`false`, `1`/`0` or `yes`/`no`, case-insensitive. */
export const flag = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.check(
    (value) => TRUE.includes(value) || FALSE.includes(value),
    (issue) => `expected true/false, 1/0 or yes/no, got ${show(issue.input)}`
  ),
  v.transform((value) => TRUE.includes(value))
)

/** One of `options`, case-insensitive. */
export const choice = <const TOption extends string>(options: readonly TOption[]) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.picklist(
      options,
      (issue) => `expected one of ${options.join(', ')}, got ${show(issue.input)}`
    )
  )

/** A non-empty string, trimmed. Its value never appears in a message. */
export const text = v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'))

/** A password: taken as is (not trimmed), never shown. */
export const secretText = v.pipe(v.string(), v.nonEmpty('must not be empty'))

/**
 * A Kafka topic name: 1–249 of `[a-zA-Z0-9._-]`, not `.` or `..`.
 *
 * @see https://github.com/apache/kafka/blob/trunk/clients/src/main/java/org/apache/kafka/common/internals/Topic.java
 */
export const topicName = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (value) => /^[a-zA-Z0-9._-]{1,249}$/.test(value) && value !== '.' && value !== '..',
    (issue) =>
      `expected a Kafka topic name (1–249 of a-z, A-Z, 0-9, ".", "_", "-"; not "." or ".."), got ${show(issue.input)}`
  )
)

/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address. */
const BROKER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/

const isBroker = (value: string): boolean => {
  const port = Number(BROKER.exec(value)?.[1] ?? 0)
  return port >= 1 && port <= 65_535
}

/** Comma-separated `host:port`; no brokers at all (empty or only commas) is `undefined`. */
export const brokerList = v.pipe(
  v.string(),
  v.transform(splitList),
  v.array(
    v.pipe(
      v.string(),
      v.check(isBroker, (issue) => `expected host:port, got ${show(issue.input)}`)
    )
  ),
  v.transform((brokers) => (brokers.length === 0 ? undefined : brokers))
)

/** Comma-separated secrets (several = rotation); empty means none. Never shown. */
export const secretList = v.pipe(v.string(), v.transform(splitList))

/** Why a read failed, without the contents (there are none): the errno code or the message. */
const reasonOf = (error: unknown): string => {
  if (error instanceof Error) {
    const { code } = error as NodeJS.ErrnoException
    return code ?? error.message
  }
  return String(error)
}

/** A path, read with `readFile` at load; the value is the file's text. */
export const fileText = (readFile: ReadFile) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty('expected a file path, got an empty value'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      try {
        return readFile(dataset.value)
      } catch (error) {
        addIssue({ message: `cannot read ${show(dataset.value)} (${reasonOf(error)})` })
        return NEVER
      }
    })
  )

/** A file holding one password; one trailing newline (as `echo` writes) is dropped. */
export const secretFile = (readFile: ReadFile) =>
  v.pipe(
    fileText(readFile),
    v.transform((contents) => contents.replace(/\r?\n$/, '')),
    v.nonEmpty(`the file is empty`)
  )

/**
 * A file of secrets separated by commas or newlines. A file with none is an error: an empty
 * mount would otherwise turn every delivery into a 401.
 */
export const secretListFile = (readFile: ReadFile) =>
  v.pipe(fileText(readFile), v.transform(splitList), v.minLength(1, 'the file holds no secrets'))
