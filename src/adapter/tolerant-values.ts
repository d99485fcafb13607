import * as v from 'valibot'

/** A string, `null` or absent (→ `null`): the most tolerant reading of an optional text field. */
export const OptionalTextSchema = v.optional(v.nullable(v.string()), null)

/**
 * A raw vendor value kept as sent (a status, a role, a channel): a string, or a number as a
 * string (some vendors encode enums as numbers), `null` or absent (→ `null`). An unexpected value
 * never fails a payload: the mapping turns it into `unknown`/`null` and keeps it beside.
 */
export const OptionalRawTextSchema = v.optional(
  v.pipe(
    v.nullable(v.union([v.string(), v.number()])),
    v.transform((value) => (value === null ? null : String(value)))
  ),
  null
)
