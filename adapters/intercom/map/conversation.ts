import {
  canonicalId,
  ownValue,
  type Channel,
  type Conversation,
  type CustomerRef,
  type Party,
  type Priority,
  type Status,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { IntercomPart } from '../schemas/part.ts'
import { notOlder, type IntercomThread } from '../schemas/thread.ts'
import { currentAssignee } from './party.ts'

/** Conversation `state` (README §7): `open` stays `true` while snoozed, so only `state` counts (§8.4). */
const CONVERSATION_STATUSES: Readonly<Record<string, Status>> = {
  open: 'open',
  snoozed: 'snoozed',
  closed: 'closed',
}

/** Ticket `ticket_state.category` (README §7, contract); labels are free text per workspace. */
const TICKET_STATUSES: Readonly<Record<string, Status>> = {
  submitted: 'open',
  in_progress: 'open',
  waiting_on_customer: 'pending',
  resolved: 'closed',
}

/** A thread's raw state → canonical status; `unknown` for anything else, `null` included. */
export const intercomStatus = (thread: IntercomThread): Status =>
  ownValue(thread.kind === 'ticket' ? TICKET_STATUSES : CONVERSATION_STATUSES, thread.state) ??
  'unknown'

/** 2.x `priority` (README §7): `priority` → high, `not_priority` → normal; else `null`. */
const PRIORITIES: Readonly<Record<string, Priority>> = { priority: 'high', not_priority: 'normal' }

/** A raw priority → canonical, `null` where Intercom says none or something new. */
export const intercomPriority = (raw: string | null): Priority | null =>
  ownValue(PRIORITIES, raw) ?? null

/**
 * 2.x `source.type` (`conversation` = the Messenger) or a ticket's `channel` → canonical channel;
 * another value (`push`, `sms`, `whatsapp`, …) is `other`; none (1.x) is `null`.
 */
const CHANNELS: Readonly<Record<string, Channel>> = {
  conversation: 'chat',
  messenger: 'chat',
  email: 'email',
}

/** A raw channel → canonical channel (see `CHANNELS`). */
export const intercomChannel = (raw: string | null): Channel | null =>
  raw === null ? null : (ownValue(CHANNELS, raw) ?? 'other')

/**
 * Intercom's 1–5 rating on the canonical 1–3 scale (contract): 1–2 → 1, 3 → 2, 4–5 → 3; anything
 * else (0, 6, 4.5) → `null`, the raw value kept as `vendorValue`.
 */
export function intercomRatingScore(rating: number): 1 | 2 | 3 | null {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return null
  return rating <= 2 ? 1 : rating === 3 ? 2 : 3
}

/** The thread's contact as a canonical customer reference; `externalId` = the app's own id. */
export const customerRefOf = (meta: WebhookMeta, thread: IntercomThread): CustomerRef | null =>
  thread.contact && {
    id: canonicalId(meta, thread.contact.id),
    vendorId: thread.contact.id,
    email: thread.contact.email,
    name: thread.contact.name,
    externalId: thread.contact.externalId,
  }

/** The customer as a party (an actor), or `null`. */
export const customerParty = (customer: CustomerRef | null): Party | null =>
  customer && { id: customer.id, kind: 'customer', name: customer.name, email: customer.email }

/**
 * The conversation (or ticket) after the change. `vendorStatus` is the raw `state` or the ticket's
 * state category; `statusDetail` a ticket state's workspace label. `priority` exists only in 2.x.
 * The assignee is the admin, else the team, whatever the topic (one meaning across events).
 */
export const toConversation = (meta: WebhookMeta, thread: IntercomThread): Conversation => {
  const customer = customerRefOf(meta, thread)
  return {
    id: canonicalId(meta, thread.id),
    vendorId: thread.id,
    title: thread.title,
    status: intercomStatus(thread),
    vendorStatus: thread.state,
    statusDetail: thread.stateLabel,
    priority: intercomPriority(thread.priority),
    channel: intercomChannel(thread.channel),
    assignee: currentAssignee(meta, thread),
    labels: thread.labels,
    customer,
    createdAt: thread.createdAt,
    updatedAt: thread.updatedAt,
  }
}

/**
 * The newest part (by `updated_at`, the later one on a tie) that `matches`, or `null`: the part
 * behind a status or priority change, whose author is the actor. A ticket carries its whole history,
 * so its newest part need not be the one that fired the topic (README §8.8).
 */
export function newestPart(
  thread: IntercomThread,
  matches: (part: IntercomPart) => boolean
): IntercomPart | null {
  let best: IntercomPart | null = null
  for (const part of thread.parts) {
    if (matches(part) && (best === null || notOlder(part, best))) best = part
  }
  return best
}
