import * as v from 'valibot'

/**
 * A HelpCrunch object id: an integer per account in the docs, accepted as a numeric string too,
 * since the REST docs print the same values both ways. Output is a string.
 */
export const VendorIdSchema = v.pipe(
  v.union([
    v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    v.pipe(v.string(), v.regex(/^\d+$/)),
  ]),
  v.transform(String)
)

/** Whole or fractional seconds, as PHP prints them (`"1607542030.713"`, `"1606155714.000"`). */
const NUMERIC_SECONDS = /^\d+(?:\.\d+)?$/

/** 9999-12-31T23:59:59.999Z: the last instant RFC 3339 (four-digit years) can express. */
const MAX_MS = 253_402_300_799_999

/**
 * A HelpCrunch "Date (UNIX timestamp)" (JSON number or numeric string, seconds, optional
 * milliseconds) → ISO 8601 with milliseconds; `null` when absent, malformed or out of range.
 * `Number` then round, never `parseInt`, which would drop the milliseconds.
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export function unixToIso(value: unknown): string | null {
  let seconds: number
  if (typeof value === 'number') seconds = value
  else if (typeof value === 'string' && NUMERIC_SECONDS.test(value.trim())) seconds = Number(value)
  else return null
  const ms = Math.round(seconds * 1000)
  // Negative or enormous values would print as `-000001-…`/`+010000-…`, which RFC 3339 forbids.
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) return null
  return new Date(ms).toISOString()
}

/** An `eventData` timestamp: absent, `null` or unusable becomes `null` and never fails a payload. */
export const OptionalTimestampSchema = v.optional(v.pipe(v.unknown(), v.transform(unixToIso)), null)

/**
 * The envelope `createdAt`, which becomes every event's `time`: required, because the only other
 * clock in the body (`lastAttemptAt`) changes per delivery attempt and would break determinism.
 */
export const RequiredTimestampSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const iso = unixToIso(dataset.value)
    if (iso === null) {
      addIssue({
        message: 'Invalid UNIX timestamp: expected seconds as a number or numeric string',
      })
      return NEVER
    }
    return iso
  })
)
