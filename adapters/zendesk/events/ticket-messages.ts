import {
  canonicalId,
  conversationDraft,
  defineEvent,
  ownValue,
  type Message,
  type Party,
} from '../../../src/adapter/index.ts'
import { ticketConversation } from '../map/conversation.ts'
import { toMessage } from '../map/message.ts'
import { MessagingMessageAddedSchema, TicketCommentAddedSchema } from '../schemas/ticket-events.ts'

/** A comment author's kind: `agent` for staff, `customer` for end-users, `unknown` when not told. */
const kindOf = (isStaff: boolean | null): Party['kind'] =>
  isStaff === null ? 'unknown' : isStaff ? 'agent' : 'customer'

/**
 * `ticket.comment_added` → `conversation.message_added`. Private (`is_public` not `true`) →
 * `internal`, channel `note`, whoever wrote it (a private comment by an end-user, as messaging
 * transcripts make, is still internal: README §9.9). Public by staff (`author.is_staff`) →
 * `outbound`; public by anyone not known to be staff → `inbound`, in the ticket's `via.channel`
 * (`other` when unnamed). Without `is_staff`, README §8's requester test decides: the requester
 * is not staff, another author is. The author is also the actor.
 */
export const ticketCommentAdded = defineEvent(
  TicketCommentAddedSchema,
  ({ time, detail, event }, meta) => {
    const { comment } = event
    const authorId = comment.author?.id ?? null
    const isStaff =
      comment.author?.is_staff ?? (authorId === null ? null : authorId !== detail.requester_id)
    const author: Party | null =
      comment.author === null
        ? null
        : {
            id: authorId === null ? null : canonicalId(meta, authorId),
            kind: kindOf(isStaff),
            name: comment.author.name,
            email: null,
          }
    const conversation = ticketConversation(meta, detail)
    const isPublic = comment.is_public === true
    let direction: Message['direction'] = 'internal'
    if (isPublic) direction = isStaff === true ? 'outbound' : 'inbound'
    const channel = isPublic ? (conversation.channel ?? 'other') : 'note'
    return [
      conversationDraft('conversation.message_added', time, conversation, author, {
        message: toMessage(meta, comment.id, comment.body, direction, channel, author, time),
      }),
    ]
  }
)

/**
 * Messaging actor types (README §7, messaging events page) → who wrote it and which way it went.
 * `system` is Zendesk's own automation: the answer bot (`zd:answerBot`) and AI agents.
 */
const ACTORS: Readonly<Record<string, { kind: Party['kind']; direction: Message['direction'] }>> = {
  end_user: { kind: 'customer', direction: 'inbound' },
  agent: { kind: 'agent', direction: 'outbound' },
  trigger: { kind: 'system', direction: 'outbound' },
  system: { kind: 'bot', direction: 'outbound' },
}

/**
 * `messaging_ticket.message_added` → `conversation.message_added` in channel `chat`. Messaging
 * messages are public: an end-user's is `inbound`; an agent's, a trigger's or a bot's `outbound`;
 * an unknown actor type is not known to be staff, so `inbound` with an `unknown` author. The
 * skinny `detail: {id}` gives a conversation with status `unknown`.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/messaging-events
 */
export const messagingMessageAdded = defineEvent(
  MessagingMessageAddedSchema,
  ({ time, detail, event }, meta) => {
    const { actor, message } = event
    const role = ownValue(ACTORS, actor?.type?.trim().toLowerCase()) ?? {
      kind: 'unknown',
      direction: 'inbound',
    }
    const author: Party | null =
      actor === null
        ? null
        : {
            id: actor.id === null ? null : canonicalId(meta, actor.id),
            kind: role.kind,
            name: actor.name,
            email: null,
          }
    return [
      conversationDraft(
        'conversation.message_added',
        time,
        ticketConversation(meta, detail, 'chat'),
        author,
        {
          message: toMessage(meta, message.id, message.body, role.direction, 'chat', author, time),
        }
      ),
    ]
  }
)
