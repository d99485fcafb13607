import * as v from 'valibot'

/** Plain's own id format is `prefix_` + ULID; we only require a non-empty string (forward-compatible). */
export const PlainIdSchema = v.pipe(v.string(), v.minLength(1))

/** A string that may be absent or null → `string | null`. */
export const OptionalStringSchema = v.nullish(v.string(), null)

const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** ISO-8601 text → `Date#toISOString` form, `null` when it is not an instant. Plain already sends that form. */
export function toInstant(text: string): string | null {
  if (CANONICAL_INSTANT.test(text)) return text
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) return null
  const iso = new Date(ms).toISOString()
  // Expanded years (`+010000-…`, `-000001-…`) parse, but RFC 3339 has four-digit years only.
  return CANONICAL_INSTANT.test(iso) ? iso : null
}

/** A required date-time: a parseable ISO-8601 string, normalised to UTC with milliseconds. */
export const InstantSchema = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const instant = toInstant(dataset.value)
    if (instant === null) {
      addIssue({ message: `not an ISO-8601 date-time: ${JSON.stringify(dataset.value)}` })
      return NEVER
    }
    return instant
  })
)

/** An optional date-time: absent, null or unparseable all read as `null` (it is only context). */
export const OptionalInstantSchema = v.optional(
  v.pipe(
    v.unknown(),
    v.transform((value) => (typeof value === 'string' ? toInstant(value) : null))
  ),
  null
)

/** A number that may arrive as a numeric string (tolerance for hand-built or proxied payloads). */
export const NumberishSchema = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\s*-?\d+(\.\d+)?\s*$/))]),
  v.transform(Number)
)

/** An optional number or numeric string → `number | null`. */
export const OptionalNumberishSchema = v.nullish(NumberishSchema, null)
