import type { AdapterDocs } from '../../src/adapter/index.ts'

const MESSAGE = ['conversation.message_added'] as const

/** What `docs/mapping.md` says of the Plain adapter; the golden test holds `produces` to real output. */
export const plainDocs: AdapterDocs = {
  title: 'Plain',
  reference:
    '[test/vendor-reference/plain/](../test/vendor-reference/plain/) (JSON Schemas of every version), https://www.plain.com/docs/webhooks',
  fieldMapping: `
Dispatch is on \`payload.eventType\` (never the top-level \`type\`). Every version from unversioned
(SDK 4.10.1) to 2026-04-21 is read by one tolerant schema set: unknown fields are dropped, \`UNKNOWN_*\`
values and new enum values become \`unknown\`/\`null\` with the raw value kept beside them, numbers may
arrive as numeric strings.

- **Envelope:** \`id\` → \`plain:<id>\`, \`time\` = envelope \`timestamp\`, \`source\` = \`/plain/<workspaceId>\`,
  \`tenant\` = \`workspaceId\`. Canonical ids are \`plain:<workspaceId>:<Plain id>\` (threads, customers,
  users, messages).
- **Conversation** (from \`thread\`): \`title\`; \`status\` TODO → open, SNOOZED → snoozed (pending while
  \`statusDetail\` is WAITING_FOR_CUSTOMER), DONE → closed, else unknown; \`vendorStatus\` = raw status;
  \`statusDetail\` = \`statusDetail.type\`; \`priority\` 0 urgent, 1 high, 2 normal, 3 low, else null;
  \`channel\` = first inbound (else outbound) message's \`messageSource\`; \`assignee\` = user (agent) or
  machine user (bot); \`labels\` = label type names; \`customer\` = thread customer (email, full name,
  external id).
- **Customer:** email, full name, external id; \`status\` = legacy ACTIVE/SNOOZED/IDLE (null in current
  versions); \`groups\` = customer group keys; \`blocked\` = marked as spam (null when the version has no
  \`markedAsSpamAt\`); \`subscribed\` = null (Plain has none).
- **Parties** (actors): user → agent, machineUser → bot, customer/deletedCustomer → customer,
  system/supportEmailAddress → system, anything else → unknown.
- **Messages:** id = the message object's id (MS Teams messages have none: their timeline entry id);
  text = text / textContent (email: text, else markdown); author = the entry's creator (customers get the
  email \`from\` address and name).
`,
  events: {
    'thread.thread_created': {
      produces: ['conversation.created'],
      notes: 'actor = thread creator',
    },
    'thread.thread_status_transitioned': {
      produces: ['conversation.status_changed'],
      notes:
        'from/to from previousThread/thread; snoozedUntil from WAITING_FOR_DURATION.waitingUntil or unversioned SNOOZED.snoozedUntil; closedBy = statusChangedBy when DONE',
    },
    'thread.thread_assignment_transitioned': {
      produces: ['conversation.assignment_changed'],
      notes: 'from/to = previous/new assignee, null when unassigned',
    },
    'thread.thread_labels_changed': {
      produces: ['conversation.labels_changed'],
      notes: 'added/removed = set difference of label type names',
    },
    'thread.thread_priority_changed': {
      produces: ['conversation.priority_changed'],
      notes: '0–3 → urgent…low',
    },
    'thread.thread_field_created': {
      produces: ['conversation.field_changed'],
      notes: 'from null; value from the slot the field type names (ENUM in stringValue)',
    },
    'thread.thread_field_updated': {
      produces: ['conversation.field_changed'],
      notes: 'from previousThreadField',
    },
    'thread.thread_field_deleted': { produces: ['conversation.field_changed'], notes: 'to null' },
    'thread.note_created': { produces: MESSAGE, notes: 'direction internal, channel note' },
    'thread.email_received': { produces: MESSAGE, notes: 'inbound email' },
    'thread.email_sent': { produces: MESSAGE, notes: 'outbound email' },
    'thread.chat_received': { produces: MESSAGE, notes: 'inbound chat' },
    'thread.chat_sent': { produces: MESSAGE, notes: 'outbound chat' },
    'thread.slack_message_received': { produces: MESSAGE, notes: 'inbound slack' },
    'thread.slack_message_sent': { produces: MESSAGE, notes: 'outbound slack' },
    'thread.slack_message_updated': {
      produces: ['conversation.message_updated'],
      notes:
        'changeType MESSAGE_EDITED/MESSAGE_DELETED/REACTIONS_CHANGED → edited/deleted/reactions_changed, absent or other → unknown',
    },
    'thread.discord_message_received': { produces: MESSAGE, notes: 'inbound discord' },
    'thread.discord_message_sent': { produces: MESSAGE, notes: 'outbound discord' },
    'thread.discord_message_updated': {
      produces: ['conversation.message_updated'],
      notes: 'deletedOnDiscordAt → deleted, else lastEditedOnDiscordAt → edited, else unknown',
    },
    'thread.ms_teams_message_received': { produces: MESSAGE, notes: 'inbound ms_teams' },
    'thread.ms_teams_message_sent': { produces: MESSAGE, notes: 'outbound ms_teams' },
    'thread.service_level_agreement_status_transitioned': {
      produces: ['conversation.sla_status_changed'],
      notes:
        'FIRST_RESPONSE_TIME/NEXT_RESPONSE_TIME → first_response/next_response with target minutes and tier; status PENDING…CANCELLED → lower case, else unknown',
    },
    'thread.thread_tenant_updated': {
      produces: ['conversation.tenant_changed'],
      notes: 'from/to = previousTenant/tenant (id, name, externalId), null when absent',
    },
    'customer.customer_created': { produces: ['customer.created'], notes: 'fields []' },
    'customer.customer_updated': {
      produces: ['customer.updated'],
      notes:
        'fields = canonical fields that differ from previousCustomer (email, name, externalId, status, groups, blocked)',
    },
    'customer.customer_deleted': {
      produces: ['customer.deleted'],
      notes: 'snapshot = previousCustomer',
    },
    'customer.customer_changed': {
      produces: ['customer.created', 'customer.updated'],
      notes: 'changeType ADDED → created, UPDATED → updated; another changeType is dead-lettered',
    },
    'customer.customer_status_transitioned': {
      produces: ['customer.status_changed'],
      notes: 'legacy (seed 000): ACTIVE/SNOOZED/IDLE → active/snoozed/idle, else unknown',
    },
    'customer.customer_group_memberships_changed': {
      produces: ['customer.groups_changed'],
      notes: 'added/removed = set difference of group keys',
    },
  },
}
