import {
  conversationDraft,
  defineEvent,
  type Channel,
  type Message,
} from '../../../src/adapter/index.ts'
import { messageConversation } from '../map/conversation.ts'
import { toCustomerRef } from '../map/customer.ts'
import { toMessage } from '../map/message.ts'
import { agentParty, customerParty } from '../map/party.ts'
import { HelpCrunchMessageEventSchema } from '../schemas/message.ts'

/** Who sent a message, as the event name says (`message.<channel>.<sender>`, `message.private`). */
interface MessageKind {
  readonly direction: Message['direction']
  readonly channel: Channel
  readonly sender: 'customer' | 'agent'
}

/**
 * One `message.*` event → `conversation.message_added`. The body has no `type`/`from` field, so
 * direction, channel and author come from the event name; the author is also the actor.
 *
 * @see https://docs.helpcrunch.com/webhooks/message-webhooks
 */
const messageAdded = ({ direction, channel, sender }: MessageKind) =>
  defineEvent(HelpCrunchMessageEventSchema, (payload, meta) => {
    const { chat_id: chatId, agent, message } = payload.eventData
    const customer = payload.eventData.customer && toCustomerRef(meta, payload.eventData.customer)
    const author = sender === 'customer' ? customerParty(customer) : agentParty(meta, agent)
    const conversation = messageConversation(meta, chatId, customer)
    return [
      conversationDraft('conversation.message_added', payload.createdAt, conversation, author, {
        message: toMessage(meta, message, direction, channel, author),
      }),
    ]
  })

/** `message.chat.customer` → inbound chat message from the customer. */
export const messageChatCustomer = messageAdded({
  direction: 'inbound',
  channel: 'chat',
  sender: 'customer',
})

/** `message.email.customer` → inbound e-mail from the customer. */
export const messageEmailCustomer = messageAdded({
  direction: 'inbound',
  channel: 'email',
  sender: 'customer',
})

/** `message.chat.agent` → outbound chat message by a team member (bots may arrive here too). */
export const messageChatAgent = messageAdded({
  direction: 'outbound',
  channel: 'chat',
  sender: 'agent',
})

/** `message.email.agent` → outbound e-mail by a team member. */
export const messageEmailAgent = messageAdded({
  direction: 'outbound',
  channel: 'email',
  sender: 'agent',
})

/** `message.private` → internal note by a team member (channel `note`). */
export const messagePrivate = messageAdded({
  direction: 'internal',
  channel: 'note',
  sender: 'agent',
})
