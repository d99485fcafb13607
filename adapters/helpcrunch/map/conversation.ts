import {
  canonicalId,
  ownValue,
  type Conversation,
  type CustomerRef,
  type Party,
  type Status,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { HelpCrunchChatData } from '../schemas/chat.ts'
import { toCustomerRef } from './customer.ts'
import { agentParty } from './party.ts'

/**
 * Every known spelling, keyed after lower-casing and folding runs of spaces, `-` and `_` into one
 * space. The webhook page, the REST chat model, the inbox UI and the legacy numeric codes each
 * spell the statuses differently (`open`/`opened`, `on-hold`/`onhold`/`hold`, `resolved`).
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 * @see https://docs.helpcrunch.com/rest-api-v1/chat-model-v1
 */
const STATUSES: Readonly<Record<string, Status>> = {
  new: 'open',
  open: 'open',
  opened: 'open',
  pending: 'pending',
  'on hold': 'pending',
  onhold: 'pending',
  hold: 'pending',
  closed: 'closed',
  resolved: 'closed',
  'no communication': 'closed',
  empty: 'closed',
}

/** A raw HelpCrunch chat status → canonical status; `unknown` for anything else, including `null`. */
export const helpcrunchStatus = (raw: string | null): Status =>
  ownValue(
    STATUSES,
    raw
      ?.trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ')
  ) ?? 'unknown'

/** HelpCrunch's three documented ratings on the canonical 1–3 scale. */
const RATING_SCORES: Readonly<Record<string, 1 | 2 | 3>> = { poor: 1, average: 2, great: 3 }

/**
 * A raw chat rating → canonical score, `null` for anything undocumented (the REST example shows
 * `"perfect"`, which is not on the webhook page's list).
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export const helpcrunchRatingScore = (raw: string): 1 | 2 | 3 | null =>
  ownValue(RATING_SCORES, raw.trim().toLowerCase()) ?? null

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
  meta: WebhookMeta,
  data: HelpCrunchChatData,
  status: Status = helpcrunchStatus(data.status)
): ChatState {
  const customer = data.customer && toCustomerRef(meta, data.customer)
  const assignee = agentParty(meta, data.assignee)
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
  meta: WebhookMeta,
  chatId: string,
  customer: CustomerRef | null
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
