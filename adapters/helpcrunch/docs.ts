import type { AdapterDocs } from '../../src/adapter/index.ts'

const STATUS = ['conversation.status_changed'] as const
const MESSAGE = ['conversation.message_added'] as const
const UPDATED = ['customer.updated'] as const

/** What `docs/mapping.md` says of the HelpCrunch adapter; the golden test holds `produces` to real output. */
export const helpcrunchDocs: AdapterDocs = {
  title: 'HelpCrunch',
  reference:
    '[test/vendor-reference/helpcrunch/README.md](../test/vendor-reference/helpcrunch/README.md), https://docs.helpcrunch.com/webhooks/chat-webhooks, https://docs.helpcrunch.com/webhooks/customer-webhooks, https://docs.helpcrunch.com/webhooks/message-webhooks',
  fieldMapping: `
Dispatch is on the body's \`event\`; all 20 documented event types map, none is ignored. Signature:
\`X-HelpCrunch-Signature\` = hex HMAC-SHA1 of the raw body; HelpCrunch signs no timestamp, so there is
no freshness check and redeliveries (\`attempts\`, \`lastAttemptAt\`) are absorbed by the deterministic
ids. Schemas are tolerant: unknown fields are dropped; \`applications\`, \`department\`, \`lastMessage\`
and \`customData\` are not read, so none of their shapes can fail a payload; \`eventData\` sent as a
JSON string is parsed once.

- **Envelope:** \`id\` → \`helpcrunch:<id>\`, \`time\` = envelope \`createdAt\` (required; never
  \`lastAttemptAt\`, which changes per attempt), \`source\` = \`/helpcrunch/<account>\`, \`tenant\` =
  the account the route names (\`default\` when single). Canonical ids are
  \`helpcrunch:<account>:<HelpCrunch id>\` (chats, customers, agents, messages): HelpCrunch ids are
  integers per account.
- **Timestamps:** JSON numbers or numeric strings with fractional seconds (\`"1607542030.713"\`) →
  RFC 3339 with milliseconds (\`Number(x) * 1000\`, rounded). An unusable \`eventData\` timestamp is
  \`null\`; an unusable envelope \`createdAt\` is an invalid payload.
- **Conversation** (from the chat model): \`vendorId\` = \`chat_id\`, else \`id\`; \`status\` from
  \`status\`, case-insensitive with spaces, \`-\` and \`_\` alike: new/open/opened → open,
  pending/on-hold/onhold/hold → pending, closed/resolved/no communication/empty → closed, else unknown;
  \`vendorStatus\` = raw status; \`assignee\` = \`assignee\`; \`customer\` = \`customer\`;
  \`createdAt\` = chat \`createdAt\`; \`title\`, \`statusDetail\`, \`priority\`, \`channel\`,
  \`updatedAt\` = null, \`labels\` = []. Message events carry no chat model: their conversation has
  status unknown and only the id and customer.
- **Customer:** \`vendorId\` = \`id\`, \`email\`, \`name\`, \`externalId\` = \`userId\`;
  \`subscribed\` = the state the event name implies, else \`!unsubscribed\` (null when not a
  boolean); \`blocked\` = the state the event name implies, else null (the webhook has no such field);
  \`status\`, \`createdAt\`, \`updatedAt\` = null, \`groups\` = [].
- **Parties:** \`assignee\`/\`agent\` \`{id, name, email}\` → agent (canonical id); \`customer\` → customer.
- **Messages:** id = \`message.id\`, text = \`message.text\`, \`createdAt\` = \`message.createdAt\`;
  direction, channel and author come from the event name (the body has no \`type\`/\`from\`).
`,
  events: {
    'chat.new': { produces: ['conversation.created'], notes: 'actor null' },
    'chat.status_updated': {
      produces: STATUS,
      notes: 'to = normalised status, vendorTo = raw; from null (no previous state is sent)',
    },
    'chat.assigned': {
      produces: ['conversation.assignment_changed'],
      notes: 'to = assignee (null when unassigned); from null; actor null',
    },
    'chat.snoozed': {
      produces: STATUS,
      notes:
        'to snoozed with snoozedUntil; conversation status snoozed, vendorStatus/vendorTo keep the raw status (the docs example sends "closed")',
    },
    'chat.unsnoozed': {
      produces: STATUS,
      notes: 'to open, snoozedUntil null; raw status kept in vendorTo',
    },
    'chat.closed': {
      produces: STATUS,
      notes:
        'to closed; closedBy (also the actor): "customer" → the customer, "agent" → an anonymous agent, other → unknown, absent → null',
    },
    'chat.rated': {
      produces: ['conversation.rated'],
      notes:
        'poor 1, average 2, great 3 (case-insensitive), else score null with the raw value kept; actor = customer; no rating → invalid payload',
    },
    'customer.new': { produces: ['customer.created'], notes: 'fields []' },
    'customer.email_updated': {
      produces: UPDATED,
      notes: 'fields [email]; a change to null counts',
    },
    'customer.tags_changed': {
      produces: UPDATED,
      notes: 'fields [tags]; the webhook does not carry the tags',
    },
    'customer.unsubscribed': { produces: UPDATED, notes: 'fields [subscribed], subscribed false' },
    'customer.subscribed': { produces: UPDATED, notes: 'fields [subscribed], subscribed true' },
    'customer.blocked': { produces: UPDATED, notes: 'fields [blocked], blocked true' },
    'customer.unblocked': { produces: UPDATED, notes: 'fields [blocked], blocked false' },
    'customer.deleted': {
      produces: ['customer.deleted'],
      notes: 'fields []; payload shape undocumented, the customer model is assumed',
    },
    'message.chat.customer': { produces: MESSAGE, notes: 'inbound chat, author = customer' },
    'message.email.customer': { produces: MESSAGE, notes: 'inbound email, author = customer' },
    'message.private': {
      produces: MESSAGE,
      notes: 'internal, channel note, author = agent',
    },
    'message.chat.agent': {
      produces: MESSAGE,
      notes: 'outbound chat, author = agent (null when absent)',
    },
    'message.email.agent': {
      produces: MESSAGE,
      notes: 'outbound email, author = agent (null when absent)',
    },
  },
}
