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
import type { PlainThread } from '../schemas/thread.ts'
import { toCustomerRef } from './customer.ts'
import { assigneeToParty } from './party.ts'

/**
 * Plain thread status → canonical status. TODO is open, DONE closed ("done for now": threads cycle
 * TODO↔DONE), SNOOZED is snoozed except while waiting for the customer, which is `pending`.
 * `UNKNOWN_THREAD_STATUS` and anything newer is `unknown`.
 *
 * @see https://www.plain.com/docs/graphql/threads/status-changes
 */
export function plainStatus(status: string, detailType: string | null): Status {
  switch (status) {
    case 'TODO':
      return 'open'
    case 'SNOOZED':
      return detailType === 'WAITING_FOR_CUSTOMER' ? 'pending' : 'snoozed'
    case 'DONE':
      return 'closed'
    default:
      return 'unknown'
  }
}

const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low']

/** Plain priority 0–3 ("0 is Urgent and 3 is Low"); any other value is `null`. */
export const plainPriority = (priority: number | null): Priority | null =>
  priority === null ? null : (PRIORITIES[priority] ?? null)

const CHANNELS: Readonly<Record<string, Channel>> = {
  EMAIL: 'email',
  CHAT: 'chat',
  SLACK: 'slack',
  MS_TEAMS: 'ms_teams',
  DISCORD: 'discord',
  API: 'api',
}

/** `threadMessageInfo.messageSource` → channel; a source Plain adds later is `other`. */
export const plainChannel = (source: string | undefined): Channel | null =>
  source === undefined ? null : (ownValue(CHANNELS, source) ?? 'other')

/** The thread's customer as a reference. */
export function threadCustomerRef(meta: WebhookMeta, thread: PlainThread): CustomerRef | null {
  return thread.customer && toCustomerRef(meta, thread.customer)
}

/**
 * Plain thread → canonical conversation (state after the change). The channel is where the thread
 * started: its first inbound message, else its first outbound one.
 */
export function threadToConversation(meta: WebhookMeta, thread: PlainThread): Conversation {
  const detailType = thread.statusDetail?.type ?? null
  return {
    id: canonicalId(meta, thread.id),
    vendorId: thread.id,
    title: thread.title,
    status: plainStatus(thread.status, detailType),
    vendorStatus: thread.status,
    statusDetail: detailType,
    priority: plainPriority(thread.priority),
    channel: plainChannel(
      (thread.firstInboundMessageInfo ?? thread.firstOutboundMessageInfo)?.messageSource
    ),
    assignee: assigneeToParty(meta, thread.assignee),
    labels: labelNames(thread),
    customer: threadCustomerRef(meta, thread),
    createdAt: thread.createdAt,
    updatedAt: thread.updatedAt,
  }
}

/** Names of a thread's labels, in Plain's order. */
export function labelNames(thread: PlainThread): string[] {
  const names: string[] = []
  for (const label of thread.labels) {
    const name = label.labelType?.name
    if (name) names.push(name)
  }
  return names
}
