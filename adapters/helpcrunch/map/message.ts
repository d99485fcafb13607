import {
  canonicalId,
  type Channel,
  type Message,
  type Party,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { HelpCrunchMessageData } from '../schemas/message.ts'

/**
 * HelpCrunch message → canonical message. The body has no `type`/`from` field: direction, channel
 * and author come from the event name.
 *
 * @see https://docs.helpcrunch.com/webhooks/message-webhooks
 */
export const toMessage = (
  meta: WebhookMeta,
  message: HelpCrunchMessageData['message'],
  direction: Message['direction'],
  channel: Channel,
  author: Party | null
): Message => ({
  id: canonicalId(meta, message.id),
  direction,
  channel,
  text: message.text,
  author,
  createdAt: message.createdAt,
})
