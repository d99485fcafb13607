import { conversationDraft, type Message, type Party } from '../../../src/adapter/index.ts'
import { toConversation } from '../map/conversation.ts'
import { directionOf, messageChannel, toMessage } from '../map/message.ts'
import { partyOf } from '../map/party.ts'
import type { ThreadMapping } from './thread-events.ts'

/** What a message topic says of its part. */
export interface MessageRule {
  readonly direction: Message['direction']
  /** Fin or another bot wrote it (`conversation.operator.replied`): the author is a `bot`. */
  readonly bot?: boolean
}

/** A bot author: the part's author re-kinded, or an anonymous bot when the part names none. */
const asBot = (author: Party | null): Party =>
  author ? { ...author, kind: 'bot' } : { id: null, kind: 'bot', name: null, email: null }

/**
 * `conversation.message_added` for the part that fired the topic (the newest conversation part,
 * or a ticket's `ticket_part`); direction from the topic (contract): user / contact replies
 * inbound, admin and operator replies outbound, notes internal on channel `note`. The author is
 * also the actor.
 */
export const messageAdded =
  (rule: MessageRule): ThreadMapping =>
  (thread, meta) => {
    const part = thread.trigger
    const id = part?.id ?? null
    if (part === null || id === null) return [] // unreachable: the schema requires the part
    const conversation = toConversation(meta, thread)
    const author = rule.bot
      ? asBot(partyOf(meta, thread, part.author))
      : partyOf(meta, thread, part.author)
    const channel = messageChannel(rule.direction, conversation.channel)
    return [
      conversationDraft('conversation.message_added', thread.time, conversation, author, {
        message: toMessage(meta, part, id, rule.direction, channel, author),
      }),
    ]
  }

/**
 * `conversation_part.redacted` → `conversation.message_updated` (`deleted`) of the redacted part
 * (the newest: its `updated_at` is the redaction, README §8.7). The body Intercom re-sends reads
 * "This message was deleted" and is kept as sent. The payload does not say who redacted: actor
 * `null`; the message's own author stays on the message.
 */
export const messageRedacted: ThreadMapping = (thread, meta) => {
  const part = thread.trigger
  const id = part?.id ?? null
  if (part === null || id === null) return [] // unreachable: the schema requires the part
  const conversation = toConversation(meta, thread)
  const author = partyOf(meta, thread, part.author)
  const direction = directionOf(part, author)
  const channel = messageChannel(direction, conversation.channel)
  return [
    conversationDraft('conversation.message_updated', thread.time, conversation, null, {
      message: toMessage(meta, part, id, direction, channel, author),
      update: 'deleted',
    }),
  ]
}
