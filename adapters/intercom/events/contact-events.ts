import {
  customerDraft,
  defineEvent,
  type CanonicalDraft,
  type CustomerEventType,
} from '../../../src/adapter/index.ts'
import { toCustomer } from '../map/customer.ts'
import { IntercomContactEventSchema } from '../schemas/contact.ts'

/** What one contact topic says beyond the contact's snapshot. */
interface ContactChange {
  readonly type: Extract<
    CustomerEventType,
    'customer.created' | 'customer.updated' | 'customer.deleted'
  >
  /** Canonical fields the topic names as changed (`[]` where it names none). */
  readonly fields: readonly string[]
  /** Subscription state the topic implies (`contact.subscribed` / `contact.unsubscribed`). */
  readonly subscribed?: boolean
}

/**
 * One `contact.*` topic → a `customer.*` event with the contact's snapshot. Contacts carry no
 * parts, so the time is the envelope's `created_at` (contract); the payload names no actor.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
const contactEvent = (change: ContactChange) =>
  defineEvent(IntercomContactEventSchema, (payload, meta): CanonicalDraft[] => [
    customerDraft(
      change.type,
      payload.created_at,
      toCustomer(meta, payload.data.item, change.subscribed),
      null,
      { fields: [...change.fields] }
    ),
  ])

/** `contact.user.created`, `contact.lead.created` → `customer.created`. */
export const contactCreated = contactEvent({ type: 'customer.created', fields: [] })

/** `contact.deleted` → `customer.deleted` (minimal item: id and external id only). */
export const contactDeleted = contactEvent({ type: 'customer.deleted', fields: [] })

/**
 * A change the topic does not pin to a canonical field → `customer.updated` with `fields: []`
 * (contract): `contact.{user,lead}.updated` (no field says what changed), the tag topics
 * `contact.{user,lead}.tag.{created,deleted}` (tags are no canonical customer field),
 * `contact.archived` / `contact.unarchive`, `contact.merged`, `contact.lead.signed_up`.
 */
export const contactUpdated = contactEvent({ type: 'customer.updated', fields: [] })

/** `contact.email.updated`, `contact.lead.added_email` → `customer.updated` of `email`. */
export const contactEmailUpdated = contactEvent({ type: 'customer.updated', fields: ['email'] })

/** `contact.subscribed` → `customer.updated` of `subscribed`, now `true`. */
export const contactSubscribed = contactEvent({
  type: 'customer.updated',
  fields: ['subscribed'],
  subscribed: true,
})

/** `contact.unsubscribed` → `customer.updated` of `subscribed`, now `false`. */
export const contactUnsubscribed = contactEvent({
  type: 'customer.updated',
  fields: ['subscribed'],
  subscribed: false,
})
