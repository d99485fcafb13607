import * as v from 'valibot'

/**
 * A required id inside `detail` or `event` (ticket, user, comment, message): a non-empty string in
 * webhooks, a number in the EventBridge twin of the same events (README §6); output is a string.
 */
export const VendorIdSchema = v.pipe(
  v.union([v.pipe(v.string(), v.minLength(1)), v.pipe(v.number(), v.safeInteger())]),
  v.transform(String)
)

/**
 * An optional id (assignee, requester, actor, custom status, …): a string or a number; absent,
 * `null`, a blank string or any other JSON value are `null` ("not told"), never a failed payload.
 */
export const OptionalIdSchema = v.optional(
  v.pipe(
    v.unknown(),
    v.transform((value): string | null => {
      if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null
      return typeof value === 'string' && value.trim() !== '' ? value : null
    })
  ),
  null
)

/** RFC 3339 as Zendesk writes it: whole seconds (`detail`) or up to nanoseconds (`time`). */
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the range RFC 3339 can express. */
const MIN_MS = -62_167_219_200_000
const MAX_MS = 253_402_300_799_999

/**
 * A Zendesk timestamp → RFC 3339 in UTC with milliseconds, as `Date#toISOString` prints it; `null`
 * when it is not RFC 3339 or out of range. Nanosecond fractions (`…07.672717030Z`, README §6) are
 * truncated to milliseconds, never rounded, so the result is deterministic and never moves into
 * the next second.
 */
export function toIsoMillis(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const match = RFC3339.exec(value)
  if (!match) return null
  const [, date, clock, fraction = '', zone = 'Z'] = match
  const millis = `${fraction}000`.slice(0, 3)
  const ms = Date.parse(`${date}T${clock}.${millis}${zone.toUpperCase()}`)
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null
  return new Date(ms).toISOString()
}

/** A `detail` timestamp (`created_at`, `updated_at`): unusable or absent becomes `null`. */
export const OptionalTimestampSchema = v.optional(
  v.pipe(v.unknown(), v.transform(toIsoMillis)),
  null
)

/**
 * The envelope `time`, which becomes every event's `time` (the contract): required, because
 * nothing else in the body says when the change happened.
 */
export const EventTimeSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const iso = toIsoMillis(dataset.value)
    if (iso === null) {
      addIssue({ message: 'Invalid time: expected an RFC 3339 timestamp' })
      return NEVER
    }
    return iso
  })
)

/** A boolean, or `null` for anything else (absent, a string, a number): "not told". */
export const OptionalBooleanSchema = v.optional(
  v.pipe(
    v.unknown(),
    v.transform((value) => (typeof value === 'boolean' ? value : null))
  ),
  null
)
