import {
  conversationDraft,
  setDifference,
  type CanonicalDraft,
  type Party,
  type Status,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import {
  customerParty,
  intercomPriority,
  intercomRatingScore,
  intercomStatus,
  newestPart,
  toConversation,
} from '../map/conversation.ts'
import { assigneeOf, currentAssignee, partyOf } from '../map/party.ts'
import type { IntercomPart } from '../schemas/part.ts'
import type { IntercomThread } from '../schemas/thread.ts'

/**
 * One conversation or ticket topic's mapping, over the thread its schema built. Tickets are
 * conversations (contract), so each rule serves both; the event time is always `thread.time`.
 */
export type ThreadMapping = (thread: IntercomThread, meta: WebhookMeta) => CanonicalDraft[]

/**
 * `conversation.created`. The actor is the first message's author (the customer for
 * `conversation.user.created`, the admin for `conversation.admin.single.created`); tickets name
 * none. A ticket's creation is a conversation's creation.
 */
export const created: ThreadMapping = (thread, meta) => [
  conversationDraft(
    'conversation.created',
    thread.time,
    toConversation(meta, thread),
    partyOf(meta, thread, thread.opener),
    {}
  ),
]

/** How one status topic reads: the status it moves to, and the part behind it. */
export interface StatusRule {
  /** The status the topic means; by default the thread's own (`ticket.state.updated`). */
  readonly to?: Status
  /** The part recording the change: its author is the actor. */
  readonly part: (part: IntercomPart) => boolean
  /** A close: the actor is also `closedBy`. */
  readonly closing?: boolean
  /** A snooze (`snoozedUntil` = the thread's) or its end (`snoozedUntil: null`). */
  readonly snooze?: 'until' | 'over'
}

/**
 * `conversation.status_changed`. Intercom never says the previous state, so `from` and
 * `vendorFrom` are `null` (contract); `vendorTo` is the raw `state` or ticket state category.
 */
export const statusChanged =
  (rule: StatusRule): ThreadMapping =>
  (thread, meta) => {
    const actor = partyOf(meta, thread, newestPart(thread, rule.part)?.author ?? null)
    return [
      conversationDraft(
        'conversation.status_changed',
        thread.time,
        toConversation(meta, thread),
        actor,
        {
          from: null,
          to: rule.to ?? intercomStatus(thread),
          vendorFrom: null,
          vendorTo: thread.state,
          ...(rule.closing ? { closedBy: actor } : {}),
          ...(rule.snooze === undefined
            ? {}
            : { snoozedUntil: rule.snooze === 'until' ? thread.snoozedUntil : null }),
        }
      ),
    ]
  }

/**
 * `conversation.assignment_changed` to what the reporting part's `assigned_to` names (an admin, a
 * team, or nobody → `null`); without one, to the item's assignee (`prefer`: admin first, or team
 * first for `ticket.team.assigned`). `from` is `null`: Intercom never says (contract).
 */
export const assignmentChanged =
  (prefer: 'admin' | 'team'): ThreadMapping =>
  (thread, meta) => {
    const part = thread.trigger?.assigned_to ? thread.trigger : null
    const to = part
      ? assigneeOf(meta, thread, part.assigned_to)
      : currentAssignee(meta, thread, prefer)
    return [
      conversationDraft(
        'conversation.assignment_changed',
        thread.time,
        toConversation(meta, thread),
        partyOf(meta, thread, part?.author ?? null),
        { from: null, to }
      ),
    ]
  }

/** `conversation.priority_changed`: `priority` → high, `not_priority` → normal; `from` `null`. */
export const priorityChanged: ThreadMapping = (thread, meta) => [
  conversationDraft(
    'conversation.priority_changed',
    thread.time,
    toConversation(meta, thread),
    partyOf(
      meta,
      thread,
      newestPart(thread, (part) => part.part_type === 'priority_changed')?.author ?? null
    ),
    { from: null, to: intercomPriority(thread.priority) }
  ),
]

/**
 * `conversation.rated` on the 1–3 scale (`intercomRatingScore`), `vendorValue` = the raw rating as
 * text. The customer who rated is the actor: the rating's contact, else the conversation's.
 */
export const rated: ThreadMapping = (thread, meta) => {
  if (thread.rating === null) return [] // unreachable: the schema requires a rating
  const conversation = toConversation(meta, thread)
  const { value, contactId } = thread.rating
  const actor: Party | null =
    contactId === null || contactId === conversation.customer?.vendorId
      ? customerParty(conversation.customer)
      : partyOf(meta, thread, { type: 'contact', id: contactId, name: null, email: null })
  return [
    conversationDraft('conversation.rated', thread.time, conversation, actor, {
      rating: { vendorValue: String(value), score: intercomRatingScore(value), scale: 3 },
    }),
  ]
}

/**
 * `conversation_part.tag.created` → `conversation.labels_changed` (added): 1.x `tags_added`, else
 * the tagged part's `tags` (2.x). The payload does not say who tagged: actor `null`.
 */
export const labelsAdded: ThreadMapping = (thread, meta) => [
  conversationDraft(
    'conversation.labels_changed',
    thread.time,
    toConversation(meta, thread),
    null,
    setDifference<string>([], thread.tagsAdded ?? thread.trigger?.tags ?? [])
  ),
]
