import {
  canonicalId,
  type Channel,
  type Message,
  type Party,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { IntercomPart } from '../schemas/part.ts'
import { isoOfSeconds } from '../schemas/values.ts'

/**
 * A part → canonical message: id `intercom:<app_id>:<part id>`, text = the HTML body as sent
 * (README §8.9), `createdAt` = the part's `created_at` (when it was written, not tagged or
 * redacted). `id` is the part's id, checked present by the topic schema.
 */
export const toMessage = (
  meta: WebhookMeta,
  part: IntercomPart,
  id: string,
  direction: Message['direction'],
  channel: Channel,
  author: Party | null
): Message => ({
  id: canonicalId(meta, id),
  direction,
  channel,
  text: part.body,
  author,
  createdAt: isoOfSeconds(part.created_at),
})

/**
 * Direction of a part when the topic does not say it (a redaction): a note is internal, a
 * customer's part inbound, anything by the team (admin, bot, unknown) outbound.
 */
export const directionOf = (part: IntercomPart, author: Party | null): Message['direction'] => {
  if (part.part_type === 'note') return 'internal'
  return author?.kind === 'customer' ? 'inbound' : 'outbound'
}

/** A message's channel: notes are `note`; otherwise the conversation's, `other` when unknown (1.x). */
export const messageChannel = (
  direction: Message['direction'],
  conversationChannel: Channel | null
): Channel => (direction === 'internal' ? 'note' : (conversationChannel ?? 'other'))
