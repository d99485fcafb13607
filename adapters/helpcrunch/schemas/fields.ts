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

/** A nullable text field (name, e-mail): absent and `null` both become `null`. */
export const OptionalTextSchema = v.optional(v.nullable(v.string()), null)

/**
 * A free-form vendor value (status, `closedBy`, `userId`): kept raw as a string, numbers included
 * (legacy HelpCrunch encodes statuses as numbers), so an unexpected value never fails a payload.
 */
export const OptionalRawTextSchema = v.optional(
  v.pipe(
    v.nullable(v.union([v.string(), v.number()])),
    v.transform((value) => (value === null ? null : String(value)))
  ),
  null
)
