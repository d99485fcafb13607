import * as v from 'valibot'
import { OptionalPlainActorSchema } from './party.ts'
import { OptionalInstantSchema, OptionalStringSchema, PlainIdSchema } from './values.ts'

/** `customerGroupMemberships[]`: only the group's key and name are read. */
const MembershipSchema = v.object({
  customerGroupId: v.optional(v.string()),
  customerGroup: v.nullish(
    v.object({ id: v.optional(v.string()), key: v.optional(v.string()), name: v.optional(v.string()) })
  ),
})

/**
 * Plain `customer` (every version). `status` is the legacy ACTIVE / SNOOZED / IDLE field of the
 * old `customer_status_transitioned` page (seed 000); current versions omit it.
 */
export const PlainCustomerSchema = v.object({
  id: PlainIdSchema,
  email: v.nullish(v.object({ email: OptionalStringSchema }), null),
  externalId: OptionalStringSchema,
  fullName: OptionalStringSchema,
  status: OptionalStringSchema,
  /** Absent before 2024-09-18; `null` = not spam. */
  markedAsSpamAt: v.optional(v.nullable(v.string())),
  customerGroupMemberships: v.nullish(v.array(MembershipSchema), []),
  createdAt: OptionalInstantSchema,
  createdBy: OptionalPlainActorSchema,
  updatedAt: OptionalInstantSchema,
  updatedBy: OptionalPlainActorSchema,
})

export type PlainCustomer = v.InferOutput<typeof PlainCustomerSchema>
