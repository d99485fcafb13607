import * as v from 'valibot'

/**
 * An Intercom id as text, or `null`. Ids are strings even when numeric (README §5), but 2.x
 * conversations send admin ids as JSON integers (`admin_assignee_id: 9608799`), so a non-negative
 * safe integer is accepted and written as text. Empty strings and anything else are `null`.
 */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  return null
}

/** Any string as is; anything else `null`. For bodies and free text. */
export const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** A string with something in it; `""`, blanks and non-strings `null`. For names, e-mails, titles. */
export const filledTextOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim().length > 0 ? value : null

/** A boolean, else `null` ("not told"). */
export const booleanOf = (value: unknown): boolean | null =>
  typeof value === 'boolean' ? value : null

/** 9999-12-31T23:59:59.999Z: the last instant RFC 3339 (four-digit years) can express. */
const MAX_MS = 253_402_300_799_999
const NUMERIC_SECONDS = /^\d+(?:\.\d+)?$/
/** ISO 8601 date-time with a zone, as Intercom's 2.x contacts write it (`…240+00:00`, `…000Z`). */
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$/

/**
 * Unix seconds (everything on conversations and tickets, README §5) as a number, a numeric string
 * accepted; `null` when absent, negative, beyond year 9999 or not a number. Kept as seconds where
 * only compared (part times), converted once where published.
 */
export function unixSecondsOf(value: unknown): number | null {
  let seconds: number
  if (typeof value === 'number') seconds = value
  else if (typeof value === 'string' && NUMERIC_SECONDS.test(value)) seconds = Number(value)
  else return null
  const ms = Math.round(seconds * 1000)
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_MS ? seconds : null
}

/** Unix seconds (see `unixSecondsOf`) → RFC 3339 with milliseconds, or `null`. */
export const isoOfSeconds = (seconds: number | null): string | null =>
  seconds === null ? null : new Date(Math.round(seconds * 1000)).toISOString()

/** Unix seconds → RFC 3339 with milliseconds; `null` when unusable (see `unixSecondsOf`). */
export const unixToIso = (value: unknown): string | null => isoOfSeconds(unixSecondsOf(value))

/**
 * A contact timestamp: 2.x contacts send ISO strings with an offset, older shapes unix seconds
 * (README §5). → RFC 3339 UTC with milliseconds, or `null`. The pattern guards `Date.parse`,
 * which would otherwise accept text such as `"1"`.
 */
export function instantOf(value: unknown): string | null {
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const ms = Date.parse(value)
    return Number.isFinite(ms) && ms >= 0 && ms <= MAX_MS ? new Date(ms).toISOString() : null
  }
  return unixToIso(value)
}

/** A number, or a numeric string read as one; else `null`. */
export function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && NUMERIC_SECONDS.test(value.trim())) return Number(value)
  return null
}

/** A JSON object (not `null`, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A field read by `read` that may be absent: absent reads as `null` too. */
export const lenient = <T>(read: (value: unknown) => T) =>
  v.optional(v.pipe(v.unknown(), v.transform(read)), null)

/** A required id (see `idOf`); anything unusable is an issue (`invalid_payload`). */
export const IdSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const id = idOf(dataset.value)
    if (id === null) {
      addIssue({ message: 'Invalid id: expected a non-empty string or a non-negative integer' })
      return NEVER
    }
    return id
  })
)

// Optional fields: absent, `null` or unusable values read as `null`, never an issue.

/** An optional id (`idOf`). */
export const OptionalIdSchema = lenient(idOf)
/** An optional free text (`textOf`). */
export const OptionalTextSchema = lenient(textOf)
/** An optional name, e-mail or title (`filledTextOf`: `""` is `null`). */
export const OptionalFilledTextSchema = lenient(filledTextOf)
/** An optional boolean (`booleanOf`). */
export const OptionalBooleanSchema = lenient(booleanOf)
/** An optional unix-seconds time → RFC 3339 (`unixToIso`). */
export const OptionalUnixSchema = lenient(unixToIso)
/** An optional contact time, ISO or unix → RFC 3339 (`instantOf`). */
export const OptionalInstantSchema = lenient(instantOf)
/** An optional number (`numberOf`). */
export const OptionalNumberSchema = lenient(numberOf)

/** The envelope's `created_at` (unix seconds), the event time of last resort: required. */
export const RequiredUnixSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const iso = unixToIso(dataset.value)
    if (iso === null) {
      addIssue({ message: 'Invalid created_at: expected unix seconds' })
      return NEVER
    }
    return iso
  })
)

/**
 * An optional sub-object: absent, `null` or of another shape all read as `null`, so a stray value
 * in a part Intercom only adds for context never fails the whole webhook.
 */
export const optionalObject = <const TSchema extends v.GenericSchema>(schema: TSchema) =>
  v.optional(v.fallback(v.nullable(schema), null), null)

/**
 * Tag names from a `tag.list` (`{type, tags: [{id, name}]}`, conversations) or a bare array
 * (2.x parts); tags without a name are skipped. Anything else is `[]`.
 */
export function tagNamesOf(value: unknown): string[] {
  const list = isRecord(value) ? value['tags'] : value
  if (!Array.isArray(list)) return []
  const names: string[] = []
  for (const tag of list as unknown[]) {
    const name = isRecord(tag) ? tag['name'] : null
    if (typeof name === 'string' && name.length > 0) names.push(name)
  }
  return names
}

/** A tag list → its names (`[]` when absent or unusable). */
export const TagNamesSchema = v.optional(v.pipe(v.unknown(), v.transform(tagNamesOf)), () => [])

/** A tag list that may be absent (`null`, so a caller can fall back elsewhere) → its names. */
export const OptionalTagNamesSchema = lenient((value) =>
  value === null || value === undefined ? null : tagNamesOf(value)
)
