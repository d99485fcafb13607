import * as contact from './contact-events.ts'

/**
 * The mapped contact topics → `customer.*` (contract): created, deleted, and every other contact
 * change as `customer.updated` naming the canonical field where the topic pins one (`email`,
 * `subscribed`), else none.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const contactTopics = {
  'contact.user.created': contact.contactCreated,
  'contact.lead.created': contact.contactCreated,
  'contact.deleted': contact.contactDeleted,
  'contact.user.updated': contact.contactUpdated,
  'contact.lead.updated': contact.contactUpdated,
  'contact.email.updated': contact.contactEmailUpdated,
  'contact.lead.added_email': contact.contactEmailUpdated,
  'contact.user.tag.created': contact.contactUpdated,
  'contact.user.tag.deleted': contact.contactUpdated,
  'contact.lead.tag.created': contact.contactUpdated,
  'contact.lead.tag.deleted': contact.contactUpdated,
  'contact.subscribed': contact.contactSubscribed,
  'contact.unsubscribed': contact.contactUnsubscribed,
  'contact.archived': contact.contactUpdated,
  'contact.unarchive': contact.contactUpdated,
  'contact.merged': contact.contactUpdated,
  'contact.lead.signed_up': contact.contactUpdated,
}
