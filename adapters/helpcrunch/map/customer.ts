import {
  canonicalId,
  type Customer,
  type CustomerRef,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { HelpCrunchCustomerData } from '../schemas/customer.ts'
import type { HelpCrunchCustomerInfo } from '../schemas/party.ts'

/** A HelpCrunch customer as a canonical reference; `externalId` is the account's own `userId`. */
export const toCustomerRef = (
  meta: WebhookMeta,
  customer: HelpCrunchCustomerInfo
): CustomerRef => ({
  id: canonicalId(meta, customer.id),
  vendorId: customer.id,
  email: customer.email,
  name: customer.name,
  externalId: customer.userId,
})

/** What a customer event's name says of the customer, beyond its snapshot. */
export interface ImpliedCustomerState {
  /** Subscription state the event name implies; otherwise read from `unsubscribed`. */
  readonly subscribed?: boolean
  /** Blocked state the event name implies; the webhook has no `blocked` field. */
  readonly blocked?: boolean
}

/**
 * HelpCrunch customer → canonical customer. The webhook carries only `id, name, email, userId,
 * unsubscribed` (+ custom data): no tags, no `blocked`, no timestamps, so those are `null`/`[]`
 * unless the event name itself tells.
 *
 * @see https://docs.helpcrunch.com/webhooks/customer-webhooks
 */
export function toCustomer(
  meta: WebhookMeta,
  customer: HelpCrunchCustomerData,
  implied: ImpliedCustomerState = {}
): Customer {
  const { unsubscribed } = customer
  return {
    ...toCustomerRef(meta, customer),
    status: null,
    groups: [],
    subscribed: implied.subscribed ?? (unsubscribed === null ? null : !unsubscribed),
    blocked: implied.blocked ?? null,
    createdAt: null,
    updatedAt: null,
  }
}
