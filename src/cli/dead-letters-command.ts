import { BROKERS_OPTION, BROKERS_USAGE, withKafka } from './cli-kafka.ts'
import {
  column,
  FILTER_OPTIONS,
  FILTER_USAGE,
  matches,
  parsePosition,
  shorten,
  toFilter,
  toStoredDeadLetter,
  type StoredDeadLetter,
} from './dead-letter.ts'
import { parseCommandArgs, rejectExtraArguments, UsageError, type CliCommand } from './io.ts'
import { readToEnd } from './read-topic.ts'

/** Longest `dlq-detail` a `list` line shows. */
const DETAIL_CHARS = 60
/** Characters of a signature `show` keeps. */
const SIGNATURE_CHARS = 12

const USAGE = [
  `usage: switchboard dead-letters list ${FILTER_USAGE} [--json] ${BROKERS_USAGE}`,
  `       switchboard dead-letters show <partition>:<offset> [--json] ${BROKERS_USAGE}`,
  '  exit 0 listed (even none) or shown; 1 no dead letter at that position, or Kafka failed; 2 bad usage or no brokers',
].join('\n')

/**
 * `switchboard dead-letters list|show`: reads the dead-letter topic from the beginning to its
 * current end. `list` prints one line per dead letter that passes the filters (position,
 * received-at, vendor, tenant, reason, vendor event id, the start of the detail); `show` prints one
 * dead letter's headers (signatures cut to 12 characters) and its body (as text when it is UTF-8
 * JSON, else base64).
 */
export const deadLettersCommand: CliCommand = {
  name: 'dead-letters',
  summary: 'list the dead-letter topic, or show one dead letter',
  usage: () => USAGE,
  async run(args, io, registry) {
    const { values, positionals } = parseCommandArgs(args, {
      ...FILTER_OPTIONS,
      json: { type: 'boolean' },
      ...BROKERS_OPTION,
    })
    const [action, ...rest] = positionals
    if (action === 'list') {
      rejectExtraArguments(rest)
      const filter = toFilter(values)
      return withKafka('dead-letters', values.brokers, io, registry, async (kafka) => {
        await readToEnd(
          kafka.kafka,
          [kafka.config.kafka.topics.deadLetter],
          kafka.groupId('dead-letters'),
          (record) => {
            const letter = toStoredDeadLetter(record)
            if (!matches(letter, filter)) return
            io.stdout(values.json ? JSON.stringify(summaryOf(letter)) : listLine(letter))
          }
        )
        return 0
      })
    }
    if (action === 'show') {
      const [where, ...extra] = rest
      if (where === undefined) throw new UsageError('missing <partition>:<offset>')
      rejectExtraArguments(extra)
      for (const option of Object.keys(FILTER_OPTIONS)) {
        if (Object.hasOwn(values, option)) throw new UsageError(`show takes no --${option}`)
      }
      const position = parsePosition(where)
      return withKafka('dead-letters', values.brokers, io, registry, async (kafka) => {
        const topic = kafka.config.kafka.topics.deadLetter
        let found: StoredDeadLetter | undefined
        await readToEnd(kafka.kafka, [topic], kafka.groupId('dead-letters'), (record) => {
          const letter = toStoredDeadLetter(record)
          if (letter.position === position) found = letter
        })
        if (!found) {
          io.stderr(`switchboard dead-letters: no dead letter at ${position} on ${topic}`)
          return 1
        }
        for (const line of showLines(found, values.json ?? false)) io.stdout(line)
        return 0
      })
    }
    throw new UsageError(
      action === undefined ? 'missing list or show' : `unknown action "${action}" (list or show)`
    )
  },
}

/** What `list --json` prints of a dead letter (never its body or signature). */
export function summaryOf(letter: StoredDeadLetter) {
  return {
    position: letter.position,
    partition: letter.partition,
    offset: letter.offset,
    receivedAt: letter.receivedAt ?? null,
    vendor: letter.vendor ?? null,
    tenant: letter.tenant ?? null,
    reason: letter.reason ?? null,
    eventId: letter.eventId ?? null,
    detail: letter.detail ?? null,
  }
}

/** `P:O  received-at  vendor  tenant  reason  event-id  detail…` */
function listLine(letter: StoredDeadLetter): string {
  return [
    letter.position,
    letter.receivedAt,
    letter.vendor,
    letter.tenant,
    letter.reason,
    letter.eventId,
    letter.detail === undefined ? undefined : shorten(letter.detail, DETAIL_CHARS),
  ]
    .map(column)
    .join('  ')
}

/** A signature header's value cut to its first characters: enough to compare, no more. */
export const shownHeaders = (letter: StoredDeadLetter): Record<string, string> =>
  Object.fromEntries(
    Object.entries(letter.headers).map(([name, value]) => [
      name,
      /signature/i.test(name) && value.length > SIGNATURE_CHARS
        ? `${value.slice(0, SIGNATURE_CHARS)}…`
        : value,
    ])
  )

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The body as text when it is UTF-8 JSON, else `undefined`. */
export function jsonText(body: Buffer): string | undefined {
  try {
    const text = utf8.decode(body)
    JSON.parse(text)
    return text
  } catch {
    return undefined
  }
}

/** `show`: the position, the key, each header, then the body; or all of it as one JSON object. */
function showLines(letter: StoredDeadLetter, json: boolean): string[] {
  const headers = shownHeaders(letter)
  const text = jsonText(letter.body)
  const body = text ?? letter.body.toString('base64')
  const encoding = text === undefined ? 'base64' : 'json'
  if (json) {
    return [
      JSON.stringify({
        ...summaryOf(letter),
        key: letter.eventId ?? null,
        headers,
        bodyEncoding: encoding,
        body,
      }),
    ]
  }
  return [
    `position: ${letter.position}`,
    `key: ${column(letter.eventId)}`,
    'headers:',
    ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`),
    `body (${encoding}, ${String(letter.body.byteLength)} bytes):`,
    body,
  ]
}
