import { canonicalId, type Customer, type WebhookMeta } from '../../../src/adapter/index.ts'
import type { IntercomContact } from '../schemas/contact.ts'

/**
 * An Intercom contact → canonical customer: `externalId` = the app's `external_id`, `subscribed`
 * = the state the topic implies, else not `unsubscribed_from_emails` (`null` when not told).
 * Intercom has no customer status, groups or block flag in its webhooks: `null` / `[]`.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const toCustomer = (
  meta: WebhookMeta,
  contact: IntercomContact,
  subscribed?: boolean
): Customer => ({
  id: canonicalId(meta, contact.id),
  vendorId: contact.id,
  email: contact.email,
  name: contact.name,
  externalId: contact.external_id,
  status: null,
  groups: [],
  subscribed:
    subscribed ??
    (contact.unsubscribed_from_emails === null ? null : !contact.unsubscribed_from_emails),
  blocked: null,
  createdAt: contact.created_at,
  updatedAt: contact.updated_at,
})
