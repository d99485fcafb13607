import * as v from 'valibot'
import {
  CONVERSATION_CHANGES,
  CUSTOMER_CHANGES,
  type CanonicalEventType,
  type ConversationEventType,
  type CustomerEventType,
} from './changes.ts'
import {
  ConversationSchema,
  CustomerSchema,
  NonEmptySchema,
  PartySchema,
  TimestampSchema,
} from './shared.ts'

/**
 * The vendor whose webhook became the event (the `vendor` extension): the lower-case name of a
 * registered adapter. An open token rather than a list, so a new vendor is an additive change
 * (a new value), not a new schema; `docs/mapping.md` lists the vendors there are.
 */
export const VendorSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9-]*$/, 'a lower-case vendor name'),
  v.maxLength(64)
)
export type Vendor = v.InferOutput<typeof VendorSchema>

/** Every canonical event type, conversation types first. */
export const CANONICAL_EVENT_TYPES = [
  ...(Object.keys(CONVERSATION_CHANGES) as ConversationEventType[]),
  ...(Object.keys(CUSTOMER_CHANGES) as CustomerEventType[]),
]

/** Version of every `data` schema; bumped when a change is not backwards compatible. */
export const DATA_SCHEMA_VERSION = 1

/** The `dataschema` URI of a type: names the versioned JSON Schema of its `data`. */
export const dataSchemaUri = <T extends CanonicalEventType>(type: T) =>
  `urn:switchboard:schema:${type}:${DATA_SCHEMA_VERSION}` as const

/**
 * CloudEvents 1.0 context attributes and this project's extensions (`vendor`, `vendorevent`,
 * `vendoreventid`, `tenant`; lower-case a-z only, at most 20 characters, per the spec's naming rule).
 * `partitionkey` is the Partitioning extension: the Kafka key, equal to `subject`.
 */
const envelope = <T extends CanonicalEventType>(type: T) => ({
  specversion: v.literal('1.0'),
  id: NonEmptySchema,
  source: NonEmptySchema,
  type: v.literal(type),
  subject: NonEmptySchema,
  time: TimestampSchema,
  datacontenttype: v.literal('application/json'),
  dataschema: v.literal(dataSchemaUri(type)),
  partitionkey: NonEmptySchema,
  vendor: VendorSchema,
  vendorevent: NonEmptySchema,
  vendoreventid: NonEmptySchema,
  tenant: NonEmptySchema,
})

const conversationData = <C extends v.GenericSchema>(change: C) =>
  v.strictObject({ conversation: ConversationSchema, actor: v.nullable(PartySchema), change })

const customerData = <C extends v.GenericSchema>(change: C) =>
  v.strictObject({ customer: CustomerSchema, actor: v.nullable(PartySchema), change })

const conversationEvent = <T extends ConversationEventType>(type: T) =>
  v.strictObject({ ...envelope(type), data: conversationData(CONVERSATION_CHANGES[type]) })

const customerEvent = <T extends CustomerEventType>(type: T) =>
  v.strictObject({ ...envelope(type), data: customerData(CUSTOMER_CHANGES[type]) })

/** The `data` schema of every canonical type: the source of the generated JSON Schemas. */
export const DATA_SCHEMAS = Object.fromEntries([
  ...(Object.keys(CONVERSATION_CHANGES) as ConversationEventType[]).map((type) => [
    type,
    conversationData(CONVERSATION_CHANGES[type]),
  ]),
  ...(Object.keys(CUSTOMER_CHANGES) as CustomerEventType[]).map((type) => [
    type,
    customerData(CUSTOMER_CHANGES[type]),
  ]),
]) as Record<CanonicalEventType, v.GenericSchema>

/** One canonical CloudEvent (structured-mode JSON shape), discriminated on `type`. Strict. */
export const CanonicalEventSchema = v.variant('type', [
  conversationEvent('conversation.created'),
  conversationEvent('conversation.status_changed'),
  conversationEvent('conversation.assignment_changed'),
  conversationEvent('conversation.priority_changed'),
  conversationEvent('conversation.labels_changed'),
  conversationEvent('conversation.message_added'),
  conversationEvent('conversation.message_updated'),
  conversationEvent('conversation.sla_status_changed'),
  conversationEvent('conversation.rated'),
  conversationEvent('conversation.field_changed'),
  conversationEvent('conversation.tenant_changed'),
  customerEvent('customer.created'),
  customerEvent('customer.updated'),
  customerEvent('customer.deleted'),
  customerEvent('customer.status_changed'),
  customerEvent('customer.groups_changed'),
])

/** A canonical event, as published. */
export type CanonicalEvent = v.InferOutput<typeof CanonicalEventSchema>

/** The canonical event of one type. */
export type CanonicalEventOf<T extends CanonicalEventType> = Extract<CanonicalEvent, { type: T }>

/** What a mapping returns for one type: the event without the envelope the pipeline fills in. */
export type CanonicalDraft = {
  [T in CanonicalEventType]: {
    type: T
    subject: string
    time: string
    data: CanonicalEventOf<T>['data']
  }
}[CanonicalEventType]
