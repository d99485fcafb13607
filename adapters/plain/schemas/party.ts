import * as v from 'valibot'

/**
 * Plain's actor union, read tolerantly: `actorType` is any string (`user`, `customer`, `machineUser`,
 * `system`, `supportEmailAddress`, `deletedCustomer`, `UNKNOWN`, or something new), and each variant's
 * id field is optional, so an unknown variant maps to an `unknown` party instead of failing.
 */
export const PlainActorSchema = v.object({
  actorType: v.string(),
  userId: v.optional(v.string()),
  customerId: v.optional(v.string()),
  machineUserId: v.optional(v.string()),
  system: v.optional(v.string()),
  supportEmailAddress: v.optional(v.string()),
})

/** An actor that may be absent or null. */
export const OptionalPlainActorSchema = v.nullish(PlainActorSchema, null)

export type PlainActor = v.InferOutput<typeof PlainActorSchema>
