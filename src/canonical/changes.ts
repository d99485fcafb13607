import * as v from 'valibot'
import {
  FieldValueSchema,
  MessageSchema,
  NonEmptySchema,
  PartySchema,
  PrioritySchema,
  SlaStatusSchema,
  StatusSchema,
  TenantSchema,
  TimestampSchema,
} from './shared.ts'

/**
 * The `change` member of each canonical event type's `data`, keyed by type
 * (docs/contract.md; the table "Types and change" of the canonical model). Vendor raw values sit beside the
 * canonical ones in `vendor*` members, so an `unknown` never loses information.
 */
export const CONVERSATION_CHANGES = {
  'conversation.created': v.strictObject({}),
  'conversation.status_changed': v.strictObject({
    from: v.nullable(StatusSchema),
    to: StatusSchema,
    vendorFrom: v.nullable(v.string()),
    vendorTo: v.nullable(v.string()),
    snoozedUntil: v.optional(v.nullable(TimestampSchema)),
    closedBy: v.optional(v.nullable(PartySchema)),
  }),
  'conversation.assignment_changed': v.strictObject({
    from: v.nullable(PartySchema),
    to: v.nullable(PartySchema),
  }),
  'conversation.priority_changed': v.strictObject({
    from: v.nullable(PrioritySchema),
    to: v.nullable(PrioritySchema),
  }),
  // Built by `setDifference` (set-difference.ts): each list de-duplicated, in first-seen order.
  'conversation.labels_changed': v.strictObject({
    added: v.array(v.string()),
    removed: v.array(v.string()),
  }),
  'conversation.message_added': v.strictObject({ message: MessageSchema }),
  'conversation.message_updated': v.strictObject({
    message: MessageSchema,
    update: v.picklist(['edited', 'deleted', 'reactions_changed', 'unknown']),
  }),
  'conversation.sla_status_changed': v.strictObject({
    sla: v.strictObject({
      id: v.nullable(NonEmptySchema),
      kind: v.picklist(['first_response', 'next_response', 'unknown']),
      targetMinutes: v.nullable(v.number()),
      tier: v.nullable(v.strictObject({ id: NonEmptySchema, name: v.nullable(v.string()) })),
    }),
    from: v.nullable(SlaStatusSchema),
    to: SlaStatusSchema,
    vendorFrom: v.nullable(v.string()),
    vendorTo: v.nullable(v.string()),
  }),
  'conversation.rated': v.strictObject({
    rating: v.strictObject({
      vendorValue: v.string(),
      score: v.nullable(v.picklist([1, 2, 3])),
      scale: v.literal(3),
    }),
  }),
  'conversation.field_changed': v.strictObject({
    key: NonEmptySchema,
    valueType: v.picklist(['string', 'boolean', 'enum', 'number', 'currency', 'date', 'unknown']),
    vendorValueType: v.nullable(v.string()),
    from: v.nullable(FieldValueSchema),
    to: v.nullable(FieldValueSchema),
  }),
  'conversation.tenant_changed': v.strictObject({
    from: v.nullable(TenantSchema),
    to: v.nullable(TenantSchema),
  }),
} as const

const CustomerFieldsChange = v.strictObject({ fields: v.array(v.string()) })

/** The `change` member of each `customer.*` type's `data`, keyed by type. */
export const CUSTOMER_CHANGES = {
  'customer.created': CustomerFieldsChange,
  'customer.updated': CustomerFieldsChange,
  'customer.deleted': CustomerFieldsChange,
  'customer.status_changed': v.strictObject({
    from: v.nullable(v.picklist(['active', 'snoozed', 'idle', 'unknown'])),
    to: v.picklist(['active', 'snoozed', 'idle', 'unknown']),
    vendorFrom: v.nullable(v.string()),
    vendorTo: v.nullable(v.string()),
  }),
  // Built by `setDifference`, as `conversation.labels_changed`.
  'customer.groups_changed': v.strictObject({
    added: v.array(v.string()),
    removed: v.array(v.string()),
  }),
} as const

export type ConversationEventType = keyof typeof CONVERSATION_CHANGES
export type CustomerEventType = keyof typeof CUSTOMER_CHANGES
export type CanonicalEventType = ConversationEventType | CustomerEventType
