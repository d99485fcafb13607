import {
  canonicalId,
  type Channel,
  type Message,
  type Party,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'

/**
 * A comment or messaging message → canonical message. Neither carries its own creation time, so
 * `createdAt` is the event's `time` (when Zendesk recorded the addition).
 */
export const toMessage = (
  meta: WebhookMeta,
  id: string,
  text: string | null,
  direction: Message['direction'],
  channel: Channel,
  author: Party | null,
  time: string
): Message => ({
  id: canonicalId(meta, id),
  direction,
  channel,
  text,
  author,
  createdAt: time,
})
