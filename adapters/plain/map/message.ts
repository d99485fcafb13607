import {
  canonicalId,
  type Channel,
  type Message,
  type Party,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { PlainActor } from '../schemas/party.ts'
import { actorToParty } from './party.ts'

/** What every Plain message object offers, once read: its own id, text, time and creator. */
export interface PlainMessageParts {
  readonly vendorId: string
  readonly text: string | null
  readonly createdAt: string | null
  readonly createdBy: PlainActor | null
}

/** Plain message → canonical message; the author is the entry's creator. */
export function toMessage(
  meta: WebhookMeta,
  parts: PlainMessageParts,
  direction: Message['direction'],
  channel: Channel,
  author: Party | null = actorToParty(meta, parts.createdBy)
): Message {
  return {
    id: canonicalId(meta, parts.vendorId),
    direction,
    channel,
    text: parts.text,
    author,
    createdAt: parts.createdAt,
  }
}

/** Direction of a message whose event does not say it (updates): a customer's is inbound. */
export const directionOf = (author: Party | null): Message['direction'] =>
  author?.kind === 'customer' ? 'inbound' : 'outbound'
