import type * as v from 'valibot'
import {
  conversationDraft,
  defineEvent,
  type CanonicalDraft,
  type Party,
  type Status,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import { chatState, helpcrunchRatingScore, helpcrunchStatus } from '../map/conversation.ts'
import { toCustomerRef } from '../map/customer.ts'
import { closedByParty, customerParty } from '../map/party.ts'
import { HelpCrunchChatEventSchema, HelpCrunchRatedChatEventSchema } from '../schemas/chat.ts'

/** A parsed chat webhook: envelope `createdAt` as ISO and the chat's `eventData`. */
type ChatPayload = v.InferOutput<typeof HelpCrunchChatEventSchema>

/** What a status event adds to its `change` beyond `from`, `to` and the raw values. */
interface StatusDetail {
  readonly snoozedUntil?: string | null
  readonly closedBy?: Party | null
}

/**
 * One `conversation.status_changed` draft. `from` is always `null`: a chat event is a snapshot
 * after the change with no previous value. `vendorTo` keeps the raw `eventData.status`, even
 * where the event name implies another status. The actor is whoever closed the chat, else `null`.
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
function statusChanged(
  meta: WebhookMeta,
  payload: ChatPayload,
  status: Status,
  detail: StatusDetail = {}
): CanonicalDraft[] {
  const { conversation } = chatState(meta, payload.eventData, status)
  return [
    conversationDraft(
      'conversation.status_changed',
      payload.createdAt,
      conversation,
      detail.closedBy ?? null,
      {
        from: null,
        to: status,
        vendorFrom: null,
        vendorTo: payload.eventData.status,
        ...detail,
      }
    ),
  ]
}

/** `chat.new` → `conversation.created`. */
export const chatNew = defineEvent(HelpCrunchChatEventSchema, (payload, meta) => {
  const { conversation } = chatState(meta, payload.eventData)
  return [conversationDraft('conversation.created', payload.createdAt, conversation, null, {})]
})

/** `chat.status_updated` → `conversation.status_changed` to the normalised `eventData.status`. */
export const chatStatusUpdated = defineEvent(HelpCrunchChatEventSchema, (payload, meta) =>
  statusChanged(meta, payload, helpcrunchStatus(payload.eventData.status))
)

/**
 * `chat.assigned` → `conversation.assignment_changed` to the current `assignee` (`null` when
 * unassigned). The webhook names neither the previous assignee nor who assigned.
 */
export const chatAssigned = defineEvent(HelpCrunchChatEventSchema, (payload, meta) => {
  const { conversation, assignee } = chatState(meta, payload.eventData)
  return [
    conversationDraft('conversation.assignment_changed', payload.createdAt, conversation, null, {
      from: null,
      to: assignee,
    }),
  ]
})

/** `chat.snoozed` → status `snoozed`, with `snoozedUntil` as sent (not checked to be in the future). */
export const chatSnoozed = defineEvent(HelpCrunchChatEventSchema, (payload, meta) =>
  statusChanged(meta, payload, 'snoozed', { snoozedUntil: payload.eventData.snoozedUntil })
)

/** `chat.unsnoozed` → status `open`; the snooze is over, so `snoozedUntil` is `null`. */
export const chatUnsnoozed = defineEvent(HelpCrunchChatEventSchema, (payload, meta) =>
  statusChanged(meta, payload, 'open', { snoozedUntil: null })
)

/** `chat.closed` → status `closed`, with `closedBy` (also the actor). */
export const chatClosed = defineEvent(HelpCrunchChatEventSchema, (payload, meta) => {
  const { closedBy, customer } = payload.eventData
  return statusChanged(meta, payload, 'closed', {
    closedBy: closedByParty(closedBy, customer && toCustomerRef(meta, customer)),
  })
})

/**
 * `chat.rated` → `conversation.rated`: poor 1, average 2, great 3, anything else `null` with the
 * raw value kept. Only customers rate chats, so the customer is the actor.
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export const chatRated = defineEvent(HelpCrunchRatedChatEventSchema, (payload, meta) => {
  const { conversation, customer } = chatState(meta, payload.eventData)
  const { rating } = payload.eventData
  return [
    conversationDraft(
      'conversation.rated',
      payload.createdAt,
      conversation,
      customerParty(customer),
      { rating: { vendorValue: rating, score: helpcrunchRatingScore(rating), scale: 3 } }
    ),
  ]
})
