import type { Conversation, CustomerRef, Party, Status } from '../../src/canonical/index.ts'
import { canonicalId } from '../../src/envelope.ts'
import type { WebhookMeta } from '../types.ts'
import { agentParty, toCustomerRef } from './parties.ts'
import type { HelpCrunchChatData } from './schemas/chat.ts'
import { normalizeStatus } from './status.ts'

/** What a chat event tells: the conversation snapshot plus the parties the mappings reuse. */
export interface ChatState {
  readonly conversation: Conversation
  readonly customer: CustomerRef | null
  readonly assignee: Party | null
}

/**
 * The conversation as a chat event's full snapshot shows it. `status` defaults to the normalised
 * `eventData.status`; snooze, unsnooze and close events pass the status their name implies, while
 * `vendorStatus` keeps the raw value (the docs' own `chat.snoozed` example says `"closed"`).
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export function chatState(
  data: HelpCrunchChatData,
  meta: WebhookMeta,
  status: Status = normalizeStatus(data.status)
): ChatState {
  const customer = data.customer && toCustomerRef(data.customer, meta)
  const assignee = agentParty(data.assignee, meta)
  return {
    customer,
    assignee,
    conversation: {
      id: canonicalId(meta, data.chatId),
      vendorId: data.chatId,
      title: null,
      status,
      vendorStatus: data.status,
      statusDetail: null,
      priority: null,
      channel: null,
      assignee,
      labels: [],
      customer,
      createdAt: data.createdAt,
      updatedAt: null,
    },
  }
}

/**
 * The conversation a message event belongs to. Message events carry only `chat_id` and the
 * customer, not the chat model, so status, assignee and creation time are not told.
 *
 * @see https://docs.helpcrunch.com/webhooks/message-webhooks
 */
export const messageConversation = (
  chatId: string,
  customer: CustomerRef | null,
  meta: WebhookMeta
): Conversation => ({
  id: canonicalId(meta, chatId),
  vendorId: chatId,
  title: null,
  status: 'unknown',
  vendorStatus: null,
  statusDetail: null,
  priority: null,
  channel: null,
  assignee: null,
  labels: [],
  customer,
  createdAt: null,
  updatedAt: null,
})
