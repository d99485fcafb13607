import {
  customerDraft,
  defineEvent,
  type CanonicalDraft,
  type CustomerEventType,
} from '../../../src/adapter/index.ts'
import { toCustomer, type ImpliedCustomerState } from '../map/customer.ts'
import { HelpCrunchCustomerEventSchema } from '../schemas/customer.ts'

/** What one customer event says beyond the snapshot: its type, changed fields and implied state. */
interface CustomerChange extends ImpliedCustomerState {
  readonly type: Extract<
    CustomerEventType,
    'customer.created' | 'customer.updated' | 'customer.deleted'
  >
  /** Canonical fields the event names as changed (`[]` for created/deleted). */
  readonly fields: readonly string[]
}

/**
 * One `customer.*` event → a `customer.*` canonical event with the customer's snapshot.
 *
 * @see https://docs.helpcrunch.com/webhooks/customer-webhooks
 */
const customerEvent = (change: CustomerChange) =>
  defineEvent(HelpCrunchCustomerEventSchema, (payload, meta): CanonicalDraft[] => [
    customerDraft(
      change.type,
      payload.createdAt,
      toCustomer(meta, payload.eventData, change),
      null,
      {
        fields: [...change.fields],
      }
    ),
  ])

/** `customer.new` → `customer.created`. */
export const customerNew = customerEvent({ type: 'customer.created', fields: [] })

/** `customer.deleted` → `customer.deleted` (payload shape undocumented; the usual model is assumed). */
export const customerDeleted = customerEvent({ type: 'customer.deleted', fields: [] })

/** `customer.email_updated` → `customer.updated` of `email` (a change to `null` counts). */
export const customerEmailUpdated = customerEvent({ type: 'customer.updated', fields: ['email'] })

/** `customer.tags_changed` → `customer.updated` of `tags` (the webhook does not carry the tags). */
export const customerTagsChanged = customerEvent({ type: 'customer.updated', fields: ['tags'] })

/** `customer.subscribed` → `customer.updated` of `subscribed`, now `true`. */
export const customerSubscribed = customerEvent({
  type: 'customer.updated',
  fields: ['subscribed'],
  subscribed: true,
})

/** `customer.unsubscribed` → `customer.updated` of `subscribed`, now `false`. */
export const customerUnsubscribed = customerEvent({
  type: 'customer.updated',
  fields: ['subscribed'],
  subscribed: false,
})

/** `customer.blocked` → `customer.updated` of `blocked`, now `true`. */
export const customerBlocked = customerEvent({
  type: 'customer.updated',
  fields: ['blocked'],
  blocked: true,
})

/** `customer.unblocked` → `customer.updated` of `blocked`, now `false`. */
export const customerUnblocked = customerEvent({
  type: 'customer.updated',
  fields: ['blocked'],
  blocked: false,
})
