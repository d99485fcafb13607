/**
 * Topics an Intercom app can subscribe to that the contract acknowledges without publishing, each
 * with its reason (README §6 and its legacy 1.x paragraph). Families the README gives as
 * wildcards are listed by the concrete topic names Intercom's webhook-models page documents;
 * a topic missing here and from the mappings is an `unknown_event_type` (dead letter).
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 * @see https://developers.intercom.com/docs/references/1.1/webhooks/webhook-models
 */
export const intercomIgnored: Readonly<Record<string, string>> = {
  ping: 'subscription health check (id null); carries no conversation or customer change',

  // Conversations (README §6 "ignored conversation").
  'conversation.read': 'read receipts are not a lifecycle change',
  'conversation.deleted':
    'minimal item without the conversation state; deletion has no canonical type (a v2 change)',
  'conversation.contact.attached':
    'participant changes are not in the canonical model; the contact stays on the next event',
  'conversation.contact.detached':
    'participant changes are not in the canonical model; the contact stays on the next event',
  'conversation.company.updated': 'company links are not in the canonical model',
  'conversation.admin.replied.translated':
    'a translation of a reply already published by conversation.admin.replied',

  // Tickets (README §6 "ignored tickets"; ticket.team.assigned is mapped by the contract).
  'ticket.contact.attached':
    'participant changes are not in the canonical model; the contact stays on the next event',
  'ticket.contact.detached':
    'participant changes are not in the canonical model; the contact stays on the next event',
  'ticket.attribute.updated':
    'custom ticket attributes are not mapped (the item says neither which attribute nor its old value)',
  'ticket.admin.replied.translated':
    'a translation of a reply already published by ticket.admin.replied',

  // Unclear contact topics the contract does not map (README §6).
  'visitor.signed_up': 'visitors are anonymous until they become contacts (contact.* topics)',
  'granular.subscribe': 'per-subscription-type consent; contact.subscribed carries the change',
  'granular.unsubscribe': 'per-subscription-type consent; contact.unsubscribed carries the change',
  'company.contact.attached': 'company membership is not in the canonical model',
  'company.contact.detached': 'company membership is not in the canonical model',

  // Everything else (README §6): workspace, company, call and data topics.
  'admin.added_to_workspace': 'teammate administration, not a conversation or customer change',
  'admin.removed_from_workspace': 'teammate administration, not a conversation or customer change',
  'admin.away_mode_updated': 'teammate availability, not a conversation or customer change',
  'admin.activity_log_event.created': 'audit log of teammates, not a conversation change',
  'admin.logged_in': 'teammate session, not a conversation or customer change',
  'admin.logged_out': 'teammate session, not a conversation or customer change',
  'company.created': 'companies are not in the canonical model',
  'company.updated': 'companies are not in the canonical model',
  'company.deleted': 'companies are not in the canonical model',
  'call.started': 'phone calls are not in the canonical model',
  'call.ended': 'phone calls are not in the canonical model',
  'call.recording_available': 'phone calls are not in the canonical model',
  'call.transcription_available': 'phone calls are not in the canonical model',
  'event.created': 'custom data events of a contact, not a lifecycle change',
  'job.completed': 'bulk API job status, not a lifecycle change',

  // Legacy 1.x names from old apps (README §6): the 1.x user / lead / tag objects, not the
  // contact shape; apps on API 2.x receive the contact.* topics instead.
  'user.created': 'legacy 1.x topic (user object); contact.user.created replaces it',
  'user.deleted': 'legacy 1.x topic (user object); contact.deleted replaces it',
  'user.unsubscribed': 'legacy 1.x topic (user object); contact.unsubscribed replaces it',
  'user.email.updated': 'legacy 1.x topic (user object); contact.email.updated replaces it',
  'user.tag.created': 'legacy 1.x topic (user_tag object); contact.user.tag.created replaces it',
  'user.tag.deleted': 'legacy 1.x topic (user_tag object); contact.user.tag.deleted replaces it',
  'contact.created': 'legacy 1.x topic (lead object); contact.lead.created replaces it',
  'contact.signed_up': 'legacy 1.x topic (lead object); contact.lead.signed_up replaces it',
  'contact.added_email': 'legacy 1.x topic (lead object); contact.lead.added_email replaces it',
  'contact.tag.created': 'legacy 1.x topic (lead tag object); contact.lead.tag.created replaces it',
  'contact.tag.deleted': 'legacy 1.x topic (lead tag object); contact.lead.tag.deleted replaces it',
}

/**
 * Families README §6 gives only as wildcards, whose topic names Intercom's webhook-models page
 * does not list one by one: every topic of the family is acknowledged as ignored (the concrete
 * names above take precedence). Help-center content, its statistics and data connectors are not
 * conversations or customers.
 */
export const intercomIgnoredFamilies: Readonly<Record<string, string>> = {
  'article.': 'help-center articles are not in the canonical model',
  'content_stat.': 'content statistics are not a conversation or customer change',
  'data_connector.': 'data connector runs are not a conversation or customer change',
}
