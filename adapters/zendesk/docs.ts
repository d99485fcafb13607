import type { AdapterDocs } from '../../src/adapter/index.ts'
import { USER_UPDATES } from './events/user-events.ts'

const MESSAGE = ['conversation.message_added'] as const
const FIELD = ['conversation.field_changed'] as const

/** A built-in field event's docs entry. */
const field = (key: string, values: string) => ({
  produces: FIELD,
  notes: `key \`${key}\`; from/to = event.previous/current (${values})`,
})

/** What `docs/mapping.md` says of the Zendesk adapter; the golden test holds `produces` to real output. */
export const zendeskDocs: AdapterDocs = {
  title: 'Zendesk',
  reference:
    '`adapters/zendesk/reference/README.md`, https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/, https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events, https://developer.zendesk.com/api-reference/webhooks/event-types/user-events, https://developer.zendesk.com/api-reference/webhooks/event-types/messaging-events, https://developer.zendesk.com/documentation/webhooks/verifying/',
  fieldMapping: `
**Create an event-subscribed webhook** in Zendesk (Admin Center → Apps and integrations → Webhooks,
"Zendesk events", subscribed to the \`zen:event-type:*\` types below), POSTing JSON to
\`/webhooks/zendesk\`; **not** a trigger- or automation-connected webhook. A trigger webhook's body is a
hand-written template with no event envelope: it is authentic but unmappable, so it is dead-lettered
(\`not_a_webhook\`). Put the webhook's signing secret in \`ZENDESK_SIGNING_SECRETS\` (a list: one per
webhook, or old and new while resetting).

Signature: \`X-Zendesk-Webhook-Signature\` = base64 HMAC-SHA256 of the
\`X-Zendesk-Webhook-Signature-Timestamp\` header's text followed by the raw body; that timestamp must
lie within \`ZENDESK_TIMESTAMP_TOLERANCE_SECONDS\` (300) of now, either way. Dispatch is on \`type\`
without \`zen:event-type:\`. Schemas are tolerant: unknown fields are dropped, ids arrive as strings or
numbers, \`tags\` may be \`null\`, enum values are compared case-insensitively.

- **Envelope:** \`id\` → \`zendesk:<id>\`, \`time\` = envelope \`time\` (nanoseconds truncated to
  milliseconds), \`source\` = \`/zendesk/<account_id>\`, \`tenant\` = \`account_id\` as a string.
  Canonical ids are \`zendesk:<account_id>:<Zendesk id>\` (tickets, users, comments, messages).
- **Conversation** (from the ticket snapshot \`detail\`, after the change): \`title\` = \`subject\`;
  \`status\` NEW/OPEN → open, PENDING/HOLD → pending, SOLVED/CLOSED → closed, else unknown;
  \`vendorStatus\` = raw status (\`HOLD\` kept); \`statusDetail\` = \`custom_status\` (the custom status
  id); \`priority\` LOW/NORMAL/HIGH/URGENT → low…urgent, null/other → null; \`channel\` from
  \`via.channel\`: mail/email → email, chat/native_messaging/messaging → chat, web_service/api → api,
  slack → slack, other values → other; \`assignee\` = \`assignee_id\` (agent); \`labels\` = \`tags\`;
  \`customer\` = \`requester_id\` (id only); \`createdAt\`/\`updatedAt\` from the snapshot. Messaging
  events carry only \`detail: {id}\`: status unknown, channel chat.
- **Parties:** \`zendesk:<account_id>:<user id>\`. Ticket actor = \`detail.actor_id\`: the requester →
  customer, \`-1\` → system (id null), anyone else → unknown (the snapshot does not say if they are
  staff). Comment author: \`is_staff\` → agent, else customer (without \`is_staff\`, the requester is the
  customer). Messaging actor \`type\`: end_user → customer, agent → agent, trigger → system, system →
  bot (the answer bot), other → unknown.
- **Messages:** id = comment / message id; text = plain \`body\` (\`html_body\` is not read); createdAt =
  the envelope \`time\`. A comment that is not public → internal, channel note (even by an end-user);
  public by staff → outbound; public by anyone else → inbound, channel = the ticket's channel.
- **Customers** (end-users only; \`user.*\` events of agents and admins are ignored): \`email\`,
  \`externalId\` (\`""\` → null), \`createdAt\`/\`updatedAt\`; \`name\` only from \`user.name_changed\`,
  \`blocked\` only from \`user.suspended_changed\` (the user snapshot has neither); \`status\`,
  \`subscribed\` null, \`groups\` [].
`,
  events: {
    'ticket.created': { produces: ['conversation.created'], notes: 'actor = detail.actor_id' },
    'ticket.status_changed': {
      produces: ['conversation.status_changed'],
      notes:
        'from/to = event.previous/current (to falls back to detail.status); vendorFrom/vendorTo raw; closedBy = actor when now solved or closed',
    },
    'ticket.agent_assignment_changed': {
      produces: ['conversation.assignment_changed'],
      notes: 'from/to = agents by event.previous/current id, null = nobody',
    },
    'ticket.priority_changed': {
      produces: ['conversation.priority_changed'],
      notes: 'from/to = event.previous/current, LOW…URGENT, null = none',
    },
    'ticket.tags_changed': {
      produces: ['conversation.labels_changed'],
      notes:
        'added/removed = event.added.tags/removed.tags; when neither is sent, the set difference of event.previous/current lists',
    },
    'ticket.comment_added': {
      produces: MESSAGE,
      notes:
        'private → internal (note); public by staff → outbound; public by others → inbound; author = actor',
    },
    'messaging_ticket.message_added': {
      produces: MESSAGE,
      notes:
        'channel chat; end_user → inbound, agent/trigger/system → outbound, other actor types → inbound (unknown author)',
    },
    'ticket.subject_changed': field('subject', 'text'),
    'ticket.custom_field_changed': {
      produces: FIELD,
      notes:
        'key `custom_field:<custom_field.id>`; valueType from custom_field.type (text/textarea/regexp/partialcreditcard/lookup → string, checkbox → boolean, date → date, integer/decimal → number, tagger/multiselect → enum, else unknown); a list value is joined by spaces',
    },
    'ticket.custom_status_changed': field('custom_status', 'custom status ids'),
    'ticket.type_changed': field('type', 'QUESTION, INCIDENT, PROBLEM, TASK or null'),
    'ticket.group_assignment_changed': field('group_assignment', 'group ids'),
    'ticket.brand_changed': field('brand', 'brand ids'),
    'ticket.form_changed': field('form', 'ticket form ids'),
    'ticket.organization_changed': field('organization', 'organization ids'),
    'ticket.requester_changed': field('requester', 'user ids'),
    'ticket.description_changed': field('description', 'text'),
    'ticket.external_id_changed': field('external_id', 'text'),
    'user.created': {
      produces: ['customer.created'],
      notes: 'end-users only (agents and admins are ignored); fields []',
    },
    'user.deleted': { produces: ['customer.deleted'], notes: 'end-users only; fields []' },
    ...Object.fromEntries(
      Object.entries(USER_UPDATES).map(([type, fields]) => [
        type,
        {
          produces: ['customer.updated'] as const,
          notes: `end-users only; fields [${fields.join(', ')}]`,
        },
      ])
    ),
  },
}
