import * as v from 'valibot'
import {
  customerDraft,
  setDifference,
  defineEvent,
  type Customer,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import { groupKeys, plainCustomerStatus, toCustomer } from '../map/customer.ts'
import { actorToParty } from '../map/party.ts'
import { PlainCustomerSchema, type PlainCustomer } from '../schemas/customer.ts'
import { plainEnvelope } from '../schemas/envelope.ts'

/** Canonical customer fields a `customer.updated` can name as changed. */
const COMPARED_FIELDS = ['email', 'name', 'externalId', 'status', 'groups', 'blocked'] as const

/** The canonical fields whose values differ between two snapshots of one customer. */
export function changedFields(before: Customer, after: Customer): string[] {
  return COMPARED_FIELDS.filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])
  )
}

/** A `customer.created` draft, by the customer's creator. */
const createdDraft = (meta: WebhookMeta, time: string, customer: PlainCustomer) =>
  customerDraft(
    'customer.created',
    time,
    toCustomer(meta, customer),
    actorToParty(meta, customer.createdBy),
    {
      fields: [],
    }
  )

/** `customer.customer_created` → `customer.created`, by its creator. */
export const customerCreated = defineEvent(
  plainEnvelope({ customer: PlainCustomerSchema }),
  (body, meta) => [createdDraft(meta, body.timestamp, body.payload.customer)]
)

const Update = plainEnvelope({
  previousCustomer: PlainCustomerSchema,
  customer: PlainCustomerSchema,
})

/** A `customer.updated` draft naming the canonical fields that differ from `previous` (none known without it). */
function updatedDraft(
  meta: WebhookMeta,
  time: string,
  previous: PlainCustomer | null,
  customer: PlainCustomer
) {
  const after = toCustomer(meta, customer)
  const fields = previous ? changedFields(toCustomer(meta, previous), after) : []
  return customerDraft('customer.updated', time, after, actorToParty(meta, customer.updatedBy), {
    fields,
  })
}

/** `customer.customer_updated` → `customer.updated`, naming the canonical fields that changed. */
export const customerUpdated = defineEvent(Update, (body, meta) => [
  updatedDraft(meta, body.timestamp, body.payload.previousCustomer, body.payload.customer),
])

/** `customer.customer_deleted` → `customer.deleted`; the snapshot is the customer as it was. */
export const customerDeleted = defineEvent(
  plainEnvelope({ previousCustomer: PlainCustomerSchema }),
  (body, meta) => [
    customerDraft(
      'customer.deleted',
      body.timestamp,
      toCustomer(meta, body.payload.previousCustomer),
      null,
      {
        fields: [],
      }
    ),
  ]
)

/**
 * `customer.customer_changed` (in every schema, no docs page) → `customer.created` for ADDED,
 * `customer.updated` for UPDATED. Another `changeType` fails the schema and is dead-lettered.
 */
export const customerChanged = defineEvent(
  plainEnvelope({
    changeType: v.picklist(['ADDED', 'UPDATED']),
    previousCustomer: v.nullish(PlainCustomerSchema, null),
    customer: PlainCustomerSchema,
  }),
  (body, meta) => {
    const { changeType, previousCustomer, customer } = body.payload
    if (changeType === 'ADDED') return [createdDraft(meta, body.timestamp, customer)]
    return [updatedDraft(meta, body.timestamp, previousCustomer, customer)]
  }
)

/** ACTIVE / SNOOZED / IDLE as canonical; another value is `unknown` (its raw value stays in vendorTo). */
const customerStatus = (status: string | null) => plainCustomerStatus(status) ?? 'unknown'

/**
 * Legacy `customer.customer_status_transitioned` (no schema snapshot; documented on an old page,
 * seed 000) → `customer.status_changed` over ACTIVE / SNOOZED / IDLE.
 *
 * @see https://www.plain.com/docs/graphql-reference/types/CustomerStatus (the deprecated statuses)
 */
export const customerStatusTransitioned = defineEvent(Update, (body, meta) => {
  const { previousCustomer, customer } = body.payload
  return [
    customerDraft(
      'customer.status_changed',
      body.timestamp,
      toCustomer(meta, customer),
      actorToParty(meta, customer.updatedBy),
      {
        from: previousCustomer.status === null ? null : customerStatus(previousCustomer.status),
        to: customerStatus(customer.status),
        vendorFrom: previousCustomer.status,
        vendorTo: customer.status,
      }
    ),
  ]
})

/** `customer.customer_group_memberships_changed` → `customer.groups_changed` (set difference of group keys). */
export const customerGroupMembershipsChanged = defineEvent(
  plainEnvelope({
    changeType: v.optional(v.string()),
    previousCustomer: PlainCustomerSchema,
    customer: PlainCustomerSchema,
  }),
  (body, meta) => {
    const { previousCustomer, customer } = body.payload
    const after = toCustomer(meta, customer)
    return [
      customerDraft(
        'customer.groups_changed',
        body.timestamp,
        after,
        actorToParty(meta, customer.updatedBy),
        setDifference(groupKeys(previousCustomer), after.groups)
      ),
    ]
  }
)
