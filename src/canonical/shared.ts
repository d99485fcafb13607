import * as v from 'valibot'

/** A non-empty string: every id, name of a type, key or tenant in the canonical model. */
export const NonEmptySchema = v.pipe(v.string(), v.minLength(1))

/** RFC 3339 instant in UTC with milliseconds (`2024-03-06T12:33:25.295Z`), as `Date#toISOString` prints it. */
export const TimestampSchema = v.pipe(v.string(), v.isoTimestamp())

/** Conversation status. `unknown` carries a vendor value we cannot place; the raw value sits beside it. */
export const StatusSchema = v.picklist(['open', 'pending', 'snoozed', 'closed', 'unknown'])

/** Conversation priority, most urgent first. */
export const PrioritySchema = v.picklist(['urgent', 'high', 'normal', 'low'])

/** Where a conversation or message happens. */
export const ChannelSchema = v.picklist([
  'email',
  'chat',
  'slack',
  'ms_teams',
  'discord',
  'api',
  'note',
  'other',
])

/** Who did something: an agent (human), a bot, the customer, the vendor's system, or unknown. */
export const PartySchema = v.strictObject({
  id: v.nullable(NonEmptySchema),
  kind: v.picklist(['agent', 'bot', 'customer', 'system', 'unknown']),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
})

/** A customer as referenced from a conversation. `id` is canonical, `vendorId` the vendor's own. */
export const CustomerRefSchema = v.strictObject({
  id: NonEmptySchema,
  vendorId: NonEmptySchema,
  email: v.nullable(v.string()),
  name: v.nullable(v.string()),
  externalId: v.nullable(v.string()),
})

/** A conversation's state after the change, as far as the webhook tells. */
export const ConversationSchema = v.strictObject({
  id: NonEmptySchema,
  vendorId: NonEmptySchema,
  title: v.nullable(v.string()),
  status: StatusSchema,
  vendorStatus: v.nullable(v.string()),
  statusDetail: v.nullable(v.string()),
  priority: v.nullable(PrioritySchema),
  channel: v.nullable(ChannelSchema),
  assignee: v.nullable(PartySchema),
  labels: v.array(v.string()),
  customer: v.nullable(CustomerRefSchema),
  createdAt: v.nullable(TimestampSchema),
  updatedAt: v.nullable(TimestampSchema),
})

/** Customer status (legacy vendor states such as ACTIVE / SNOOZED / IDLE). */
export const CustomerStatusSchema = v.picklist(['active', 'snoozed', 'idle'])

/** A customer's state after the change, as far as the webhook tells. */
export const CustomerSchema = v.strictObject({
  ...CustomerRefSchema.entries,
  status: v.nullable(CustomerStatusSchema),
  groups: v.array(v.string()),
  subscribed: v.nullable(v.boolean()),
  blocked: v.nullable(v.boolean()),
  createdAt: v.nullable(TimestampSchema),
  updatedAt: v.nullable(TimestampSchema),
})

/** One message in a conversation. `direction` is seen from the support team. */
export const MessageSchema = v.strictObject({
  id: NonEmptySchema,
  direction: v.picklist(['inbound', 'outbound', 'internal']),
  channel: ChannelSchema,
  text: v.nullable(v.string()),
  author: v.nullable(PartySchema),
  createdAt: v.nullable(TimestampSchema),
})

/** State of a service-level agreement timer. */
export const SlaStatusSchema = v.picklist([
  'pending',
  'imminent_breach',
  'breaching',
  'breached',
  'achieved',
  'cancelled',
  'unknown',
])

/** A tenant (a customer's organisation at the vendor). */
export const TenantSchema = v.strictObject({
  id: NonEmptySchema,
  name: v.nullable(v.string()),
  externalId: v.nullable(v.string()),
})

/** A custom field value: fields hold text, numbers or booleans. */
export const FieldValueSchema = v.union([v.string(), v.number(), v.boolean()])

export type Status = v.InferOutput<typeof StatusSchema>
export type Priority = v.InferOutput<typeof PrioritySchema>
export type Channel = v.InferOutput<typeof ChannelSchema>
export type Party = v.InferOutput<typeof PartySchema>
export type CustomerRef = v.InferOutput<typeof CustomerRefSchema>
export type Conversation = v.InferOutput<typeof ConversationSchema>
export type CustomerStatus = v.InferOutput<typeof CustomerStatusSchema>
export type Customer = v.InferOutput<typeof CustomerSchema>
export type Message = v.InferOutput<typeof MessageSchema>
export type SlaStatus = v.InferOutput<typeof SlaStatusSchema>
export type Tenant = v.InferOutput<typeof TenantSchema>
export type FieldValue = v.InferOutput<typeof FieldValueSchema>
