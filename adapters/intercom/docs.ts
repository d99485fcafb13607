import type { AdapterDocs } from '../../src/adapter/index.ts'

const CREATED = ['conversation.created'] as const
const STATUS = ['conversation.status_changed'] as const
const ASSIGNMENT = ['conversation.assignment_changed'] as const
const MESSAGE = ['conversation.message_added'] as const
const RATED = ['conversation.rated'] as const
const UPDATED = ['customer.updated'] as const

/** What `docs/mapping.md` says of the Intercom adapter; the golden test holds `produces` to real output. */
export const intercomDocs: AdapterDocs = {
  title: 'Intercom',
  reference:
    '`adapters/intercom/reference/README.md`, https://developers.intercom.com/docs/references/preview/webhooks/webhook-models, https://developers.intercom.com/docs/webhooks/webhook-notifications, https://developers.intercom.com/docs/webhooks/setting-up-webhooks',
  fieldMapping: `
Dispatch is on the body's \`topic\`; one route (\`POST /webhooks/intercom\`) serves every workspace
that installed the app, and the body's \`app_id\` is the tenant. Signature: \`X-Hub-Signature:
sha1=<hex>\` = HMAC-SHA1 of the raw body under the app's client secret (\`INTERCOM_CLIENT_SECRETS\`, a
list for rotation). Nothing time-bound is signed: there is no freshness check, and redeliveries
(\`delivery_attempts\`, \`delivered_at\`) are absorbed by the deterministic ids. \`ping\` (its \`id\` is
\`null\`) is acknowledged as ignored. Both payload generations map (API 1.x: \`user\`, \`assignee\`,
\`conversation_message\`, \`tags_added\`; 2.x: \`contacts\`, \`source\`, \`admin_assignee_id\`), sniffed per
field; unknown fields are dropped, unknown values become \`unknown\`/\`null\` with the raw value kept.

- **Envelope:** \`id\` (\`notif_…\`) → \`intercom:<id>\`, \`source\` = \`/intercom/<app_id>\`, \`tenant\` =
  \`app_id\`. \`time\` = the newest part's \`updated_at\` (\`conversation_parts\`, \`ticket_parts\`,
  \`ticket_part\`), else the envelope \`created_at\` (unix seconds, required): tag and redaction topics
  re-send an older part whose \`updated_at\` is the tagging or redaction. Canonical ids are
  \`intercom:<app_id>:<Intercom id>\` (conversations, tickets, contacts, admins, parts).
- **Conversation** (conversation item, or a ticket: a ticket is a conversation, its \`id\`; the item is
  the ticket or \`ticket_ticket_part {ticket, ticket_part}\`, \`ticket.closed\` either way): \`status\` from
  \`state\` (open → open, snoozed → snoozed, closed → closed; never from \`open\`, which stays true while
  snoozed) or a ticket's \`ticket_state.category\` (submitted, in_progress → open, waiting_on_customer →
  pending, resolved → closed), else unknown; \`vendorStatus\` = raw state / category; \`statusDetail\` = a
  ticket state's \`internal_label\` (null for conversations); \`priority\`: \`priority\` → high,
  \`not_priority\` → normal, else null (1.x has none); \`channel\` from 2.x \`source.type\` or a ticket's
  \`channel\` (conversation, messenger → chat; email → email; other values → other; 1.x null);
  \`title\` = \`title\`, else the first message's \`subject\`, or a ticket's \`_default_title_\` (empty →
  null); \`assignee\` = the admin (1.x \`assignee\`, 2.x \`admin_assignee_id\`, an integer or a string),
  else the team, else null (\`"0"\`, \`null\` and \`nobody_admin\` mean nobody); \`labels\` = tag names;
  \`customer\` = 1.x \`user\` (\`externalId\` = \`user_id\`) or the first 2.x contact (\`external_id\`, name
  and e-mail from the first message's author when it is that contact); \`createdAt\`/\`updatedAt\` from
  the item.
- **Parties:** author / assignee \`type\` admin → agent, user / lead / contact → customer, bot → bot,
  team → kind \`unknown\` with id \`intercom:<app_id>:team:<id>\`, anything else → unknown. Missing names
  and e-mails are filled from elsewhere in the payload (a part's author, the 1.x user).
- **Messages:** the part that fired the topic (a ticket's \`ticket_part\`, else the newest conversation
  part); id = part id, text = the HTML \`body\` as sent, \`createdAt\` = the part's \`created_at\`;
  direction from the topic; channel \`note\` for notes, else the conversation's (other when unknown).
- **Changes:** Intercom never says the previous value: \`from\` (and \`vendorFrom\`) is null in status,
  assignment and priority changes. The actor is the author of the part recording the change (close,
  open, snoozed, unsnoozed, priority_changed, ticket_state_updated_by_admin, the assignment part).
- **Customer** (contact, or the \`contact\` of a \`contact_tag\` / \`contact_unsubscribe\` item): \`id\`,
  \`email\`, \`name\`, \`externalId\` = \`external_id\`; \`subscribed\` = the state the topic implies, else not
  \`unsubscribed_from_emails\`; \`createdAt\`/\`updatedAt\` from the ISO-8601 (or unix) timestamps; \`status\`,
  \`blocked\` null and \`groups\` [] (the webhooks carry none). \`fields\` names the canonical field a topic
  pins (\`email\`, \`subscribed\`), else [] (tags, archiving, merges and sign-ups change no canonical
  field; the topic stays in \`vendorevent\`).
`,
  events: {
    'conversation.user.created': {
      produces: CREATED,
      notes: 'actor = the first message author (the contact)',
    },
    'conversation.admin.single.created': {
      produces: CREATED,
      notes: 'an admin-initiated message; actor = the admin; arrives with state closed',
    },
    'conversation.user.replied': { produces: MESSAGE, notes: 'inbound; author = the contact' },
    'conversation.admin.replied': {
      produces: MESSAGE,
      notes: 'outbound; author = the admin (1.x may send the reply as an assignment part)',
    },
    'conversation.operator.replied': {
      produces: MESSAGE,
      notes: 'outbound; author kind bot (Fin or another bot) whatever the part says',
    },
    'conversation.admin.noted': { produces: MESSAGE, notes: 'internal, channel note' },
    'conversation.admin.assigned': {
      produces: ASSIGNMENT,
      notes:
        "to = the part's assigned_to (admin → agent, team → team party, nobody → null), else the item's assignee; from null",
    },
    'conversation.admin.open.assigned': {
      produces: ASSIGNMENT,
      notes: 'as conversation.admin.assigned',
    },
    'conversation.admin.closed': {
      produces: STATUS,
      notes: 'to closed; closedBy = actor = the close part author',
    },
    'conversation.admin.opened': { produces: STATUS, notes: 'to open' },
    'conversation.admin.snoozed': {
      produces: STATUS,
      notes: 'to snoozed, snoozedUntil = snoozed_until',
    },
    'conversation.admin.unsnoozed': { produces: STATUS, notes: 'to open, snoozedUntil null' },
    'conversation.priority.updated': {
      produces: ['conversation.priority_changed'],
      notes: 'to high (priority) or normal (not_priority); from null',
    },
    'conversation.rating.added': {
      produces: RATED,
      notes:
        '1–2 → 1, 3 → 2, 4–5 → 3, else null; vendorValue = the rating as text; actor = the rating contact; no rating → invalid payload',
    },
    'conversation_part.tag.created': {
      produces: ['conversation.labels_changed'],
      notes: 'added = 1.x tags_added, else the tagged part tags; actor null',
    },
    'conversation_part.redacted': {
      produces: ['conversation.message_updated'],
      notes:
        'update deleted; the redacted part with the body Intercom re-sends; direction from its author; actor null',
    },
    'ticket.created': { produces: CREATED, notes: 'actor null' },
    'ticket.state.updated': {
      produces: STATUS,
      notes: 'to = the state category (waiting_on_customer → pending); from null',
    },
    'ticket.admin.assigned': { produces: ASSIGNMENT, notes: 'as conversation.admin.assigned' },
    'ticket.team.assigned': {
      produces: ASSIGNMENT,
      notes: "to = the part's assigned_to, else the team (then the admin)",
    },
    'ticket.note.created': { produces: MESSAGE, notes: 'internal, channel note' },
    'ticket.admin.replied': { produces: MESSAGE, notes: 'outbound' },
    'ticket.contact.replied': { produces: MESSAGE, notes: 'inbound' },
    'ticket.closed': {
      produces: STATUS,
      notes:
        'to closed; closedBy = the author of the newest close / resolved-state part; flat or nested item',
    },
    'ticket.resolved': {
      produces: STATUS,
      notes: 'as ticket.closed (older API versions send both for one resolve: two events)',
    },
    'ticket.rating.provided': {
      produces: RATED,
      notes: 'never captured: the conversation rating shape on the ticket is assumed',
    },
    'contact.user.created': { produces: ['customer.created'], notes: 'fields []' },
    'contact.lead.created': { produces: ['customer.created'], notes: 'fields []' },
    'contact.deleted': { produces: ['customer.deleted'], notes: 'minimal item; fields []' },
    'contact.user.updated': { produces: UPDATED, notes: 'fields [] (the item names no field)' },
    'contact.lead.updated': { produces: UPDATED, notes: 'fields []' },
    'contact.email.updated': { produces: UPDATED, notes: 'fields [email]' },
    'contact.lead.added_email': { produces: UPDATED, notes: 'fields [email]' },
    'contact.user.tag.created': {
      produces: UPDATED,
      notes: 'fields [] (tags are no canonical field); contact at item.contact',
    },
    'contact.user.tag.deleted': { produces: UPDATED, notes: 'fields []; contact at item.contact' },
    'contact.lead.tag.created': { produces: UPDATED, notes: 'fields []; contact at item.contact' },
    'contact.lead.tag.deleted': { produces: UPDATED, notes: 'fields []; contact at item.contact' },
    'contact.subscribed': { produces: UPDATED, notes: 'fields [subscribed], subscribed true' },
    'contact.unsubscribed': {
      produces: UPDATED,
      notes: 'fields [subscribed], subscribed false; contact at item.contact',
    },
    'contact.archived': { produces: UPDATED, notes: 'minimal item; fields []' },
    'contact.unarchive': { produces: UPDATED, notes: 'fields [] (topic name sic)' },
    'contact.merged': { produces: UPDATED, notes: 'the contact merged into; fields []' },
    'contact.lead.signed_up': { produces: UPDATED, notes: 'a lead became a user; fields []' },
  },
}
