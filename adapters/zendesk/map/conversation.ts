import {
  canonicalId,
  ownValue,
  type Channel,
  type Conversation,
  type CustomerRef,
  type Priority,
  type Status,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { ZendeskTicket } from '../schemas/ticket.ts'
import { agentParty } from './party.ts'

/**
 * Ticket statuses, keyed in lower case (webhooks send upper case, REST lower case: README §8).
 * HOLD waits on a third party: `pending`, with `vendorStatus` keeping `HOLD`. SOLVED can still
 * reopen, but the contract counts it as closed.
 */
const STATUSES: Readonly<Record<string, Status>> = {
  new: 'open',
  open: 'open',
  pending: 'pending',
  hold: 'pending',
  solved: 'closed',
  closed: 'closed',
}

/** A raw Zendesk ticket status → canonical status, case-insensitive; `unknown` otherwise. */
export const zendeskStatus = (raw: string | null): Status =>
  ownValue(STATUSES, raw?.trim().toLowerCase()) ?? 'unknown'

const PRIORITIES: Readonly<Record<string, Priority>> = {
  low: 'low',
  normal: 'normal',
  high: 'high',
  urgent: 'urgent',
}

/** A raw Zendesk priority → canonical priority, case-insensitive; `null` for none or unknown. */
export const zendeskPriority = (raw: string | null): Priority | null =>
  ownValue(PRIORITIES, raw?.trim().toLowerCase()) ?? null

/**
 * `via.channel` values (free-form, README §8) → canonical channel. Messaging channels are chat;
 * API-created tickets (`web_service`) are api; anything else Zendesk names is `other`.
 */
const CHANNELS: Readonly<Record<string, Channel>> = {
  email: 'email',
  mail: 'email',
  chat: 'chat',
  native_messaging: 'chat',
  messaging: 'chat',
  api: 'api',
  web_service: 'api',
  slack: 'slack',
}

/** A raw `via.channel` → canonical channel; `null` when absent, `other` when not known. */
export const zendeskChannel = (raw: string | null): Channel | null =>
  raw === null ? null : (ownValue(CHANNELS, raw.trim().toLowerCase()) ?? 'other')

/** The requester as the conversation's customer; the ticket snapshot carries only the id. */
export const requesterRef = (meta: WebhookMeta, ticket: ZendeskTicket): CustomerRef | null =>
  ticket.requester_id === null
    ? null
    : {
        id: canonicalId(meta, ticket.requester_id),
        vendorId: ticket.requester_id,
        email: null,
        name: null,
        externalId: null,
      }

/**
 * The ticket snapshot (`detail`, after the change) as a canonical conversation: `statusDetail` =
 * the custom status id (the account's sub-status), `labels` = tags, `assignee` = the assigned
 * agent, `customer` = the requester. A skinny messaging `detail: {id}` gives status `unknown` and
 * `null`s; `channel` overrides `via.channel` where the event type says it.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events
 */
export function ticketConversation(
  meta: WebhookMeta,
  ticket: ZendeskTicket,
  channel: Channel | null = zendeskChannel(ticket.via?.channel ?? null)
): Conversation {
  return {
    id: canonicalId(meta, ticket.id),
    vendorId: ticket.id,
    title: ticket.subject,
    status: zendeskStatus(ticket.status),
    vendorStatus: ticket.status,
    statusDetail: ticket.custom_status,
    priority: zendeskPriority(ticket.priority),
    channel,
    assignee: agentParty(meta, ticket.assignee_id),
    labels: ticket.tags,
    customer: requesterRef(meta, ticket),
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
  }
}
