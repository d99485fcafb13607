import * as v from 'valibot'
import { OptionalPlainActorSchema } from './party.ts'
import {
  OptionalInstantSchema,
  OptionalNumberishSchema,
  OptionalStringSchema,
  PlainIdSchema,
} from './values.ts'

/**
 * `statusDetail`, any version: current types (`WAITING_FOR_DURATION {waitingUntil}`, …) and the
 * unversioned ones (`SNOOZED {snoozedUntil}`, …). Unknown types pass as plain strings.
 */
const StatusDetailSchema = v.object({
  type: v.string(),
  waitingUntil: OptionalInstantSchema,
  snoozedUntil: OptionalInstantSchema,
})

/** `threadAssignee`: user | machineUser | {id} | {type: "UNKNOWN"}; told apart by their fields. */
const AssigneeSchema = v.object({
  id: v.optional(v.string()),
  type: v.optional(v.string()),
  email: v.optional(v.nullable(v.string())),
  fullName: v.optional(v.nullable(v.string())),
  publicName: v.optional(v.nullable(v.string())),
  description: v.optional(v.nullable(v.string())),
  status: v.optional(v.nullable(v.string())),
})

const MessageInfoSchema = v.nullish(v.object({ messageSource: v.optional(v.string()) }), null)

/** A thread's customer: a full customer object, or at least `{id}`. */
const ThreadCustomerSchema = v.object({
  id: PlainIdSchema,
  email: v.nullish(v.object({ email: OptionalStringSchema }), null),
  externalId: OptionalStringSchema,
  fullName: OptionalStringSchema,
})

/** Plain `thread`, every version, reduced to what the canonical conversation needs. */
export const PlainThreadSchema = v.object({
  id: PlainIdSchema,
  title: OptionalStringSchema,
  status: v.string(),
  statusDetail: v.nullish(StatusDetailSchema, null),
  statusChangedBy: OptionalPlainActorSchema,
  priority: OptionalNumberishSchema,
  assignee: v.nullish(AssigneeSchema, null),
  labels: v.nullish(
    v.array(v.object({ labelType: v.nullish(v.object({ name: OptionalStringSchema }), null) })),
    []
  ),
  customer: v.nullish(ThreadCustomerSchema, null),
  firstInboundMessageInfo: MessageInfoSchema,
  firstOutboundMessageInfo: MessageInfoSchema,
  createdAt: OptionalInstantSchema,
  createdBy: OptionalPlainActorSchema,
  updatedAt: OptionalInstantSchema,
  updatedBy: OptionalPlainActorSchema,
})

export type PlainThread = v.InferOutput<typeof PlainThreadSchema>
export type PlainAssignee = v.InferOutput<typeof AssigneeSchema>
