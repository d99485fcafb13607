import type { KafkaMessage } from 'kafkajs'
import { PAYLOAD_FAILURES } from '../errors.ts'
import { UsageError } from './io.ts'
import type { ReadRecord } from './read-topic.ts'

/** A record of the dead-letter topic as `toDeadLetterRecord` wrote it, read back. */
export interface StoredDeadLetter {
  readonly partition: number
  readonly offset: string
  /** `<partition>:<offset>`: how operators name a dead letter. */
  readonly position: string
  /** The record key: the vendor event id, when the body told it. */
  readonly eventId: string | undefined
  /** `dlq-vendor`, `dlq-tenant`, `dlq-reason`, `dlq-detail`, `dlq-received-at` (absent when missing). */
  readonly vendor: string | undefined
  readonly tenant: string | undefined
  readonly reason: string | undefined
  readonly detail: string | undefined
  readonly receivedAt: string | undefined
  /** Every header as text, in record order: the vendor's kept headers, then the `dlq-*` ones. */
  readonly headers: Readonly<Record<string, string>>
  /** The body exactly as received. */
  readonly body: Buffer
}

const DLQ_PREFIX = 'dlq-'

/** Header values as text: a repeated header reads as its first value, a null one is absent. */
function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, raw] of Object.entries(message.headers ?? {})) {
    const value: unknown = Array.isArray(raw) ? raw[0] : raw
    if (typeof value === 'string' || Buffer.isBuffer(value)) headers[name] = value.toString()
  }
  return headers
}

/** A dead-letter record read back; missing `dlq-*` headers stay `undefined` (a foreign record). */
export function toStoredDeadLetter(record: ReadRecord): StoredDeadLetter {
  const headers = headersOf(record.message)
  const header = (name: string) => (Object.hasOwn(headers, name) ? headers[name] : undefined)
  return {
    partition: record.partition,
    offset: record.offset,
    position: `${String(record.partition)}:${record.offset}`,
    eventId: record.message.key?.toString('utf8'),
    vendor: header('dlq-vendor'),
    tenant: header('dlq-tenant'),
    reason: header('dlq-reason'),
    detail: header('dlq-detail'),
    receivedAt: header('dlq-received-at'),
    headers,
    body: record.message.value ?? Buffer.alloc(0),
  }
}

/** The headers the vendor sent, as kept: everything but the `dlq-*` headers. */
export const vendorHeaders = (letter: StoredDeadLetter): Record<string, string> =>
  Object.fromEntries(
    Object.entries(letter.headers).filter(([name]) => !name.startsWith(DLQ_PREFIX))
  )

/** Which dead letters a command works on; every given condition must hold. */
export interface DeadLetterFilter {
  readonly vendor?: string
  readonly reason?: string
  /** Received at or after. */
  readonly since?: Date
  /** Received before. */
  readonly until?: Date
  /** `<partition>:<offset>` positions. */
  readonly positions?: ReadonlySet<string>
}

/** The options that select dead letters, for `parseCommandArgs`. */
export const FILTER_OPTIONS = {
  vendor: { type: 'string' },
  reason: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
} as const

/** The usage fragment of those options. */
export const FILTER_USAGE = '[--vendor V] [--reason R] [--since ISO] [--until ISO]'

/** An ISO 8601 date or date-time (`2026-11-29`, `2026-11-29T12:00:00Z`). Throws `UsageError`. */
function isoDate(option: string, value: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}(?:[T ]\S+)?$/.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(at)) throw new UsageError(`${option} is not an ISO 8601 date-time: ${value}`)
  return new Date(at)
}

/** `P:O` with decimal partition and offset. Throws `UsageError`. */
export function parsePosition(value: string): string {
  const match = /^(\d+):(\d+)$/.exec(value.trim())
  if (!match) throw new UsageError(`not a <partition>:<offset> position: ${value}`)
  return `${String(Number(match[1]))}:${BigInt(match[2] ?? '0').toString()}`
}

/**
 * The filter the parsed options describe. Throws `UsageError` for a date that is not ISO 8601 or
 * a reason no dead letter has.
 */
export function toFilter(values: {
  readonly vendor?: string | undefined
  readonly reason?: string | undefined
  readonly since?: string | undefined
  readonly until?: string | undefined
  readonly positions?: readonly string[] | undefined
}): DeadLetterFilter {
  const since = values.since === undefined ? undefined : isoDate('--since', values.since)
  const until = values.until === undefined ? undefined : isoDate('--until', values.until)
  if (since && until && since >= until) throw new UsageError('--since must be before --until')
  // A misspelt reason would select nothing and say nothing: name the reasons a dead letter has.
  if (
    values.reason !== undefined &&
    !(PAYLOAD_FAILURES as readonly string[]).includes(values.reason)
  ) {
    throw new UsageError(
      `--reason must be one of ${PAYLOAD_FAILURES.join(', ')}; got "${values.reason}"`
    )
  }
  return {
    ...(values.vendor !== undefined && { vendor: values.vendor }),
    ...(values.reason !== undefined && { reason: values.reason }),
    ...(since && { since }),
    ...(until && { until }),
    ...(values.positions && { positions: new Set(values.positions.map(parsePosition)) }),
  }
}

/** Whether `letter` passes `filter`; without a readable `dlq-received-at` no time bound holds. */
export function matches(letter: StoredDeadLetter, filter: DeadLetterFilter): boolean {
  if (filter.vendor !== undefined && letter.vendor !== filter.vendor) return false
  if (filter.reason !== undefined && letter.reason !== filter.reason) return false
  if (filter.positions && !filter.positions.has(letter.position)) return false
  if (filter.since || filter.until) {
    const at = letter.receivedAt === undefined ? Number.NaN : Date.parse(letter.receivedAt)
    if (Number.isNaN(at)) return false
    if (filter.since && at < filter.since.getTime()) return false
    if (filter.until && at >= filter.until.getTime()) return false
  }
  return true
}

/** `value`, or `-` when absent: the placeholder of a column. */
export const column = (value: string | undefined): string =>
  value === undefined || value === '' ? '-' : value

/** The first `max` characters of one line of `text`, with `…` when cut. */
export function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > max ? `${line.slice(0, max)}…` : line
}
