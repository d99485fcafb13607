import * as v from 'valibot'
import { conversationDraft, setDifference, defineEvent } from '../../../src/adapter/index.ts'
import { plainEnvelope } from '../schemas/envelope.ts'
import { PlainThreadSchema } from '../schemas/thread.ts'
import { labelNames, plainPriority, threadToConversation } from '../map/conversation.ts'
import { actorToParty, assigneeToParty } from '../map/party.ts'

const Transition = plainEnvelope({ previousThread: PlainThreadSchema, thread: PlainThreadSchema })

/** `thread.thread_created` → `conversation.created`, by the thread's creator. */
export const threadCreated = defineEvent(
  plainEnvelope({ thread: PlainThreadSchema }),
  (body, meta) => {
    const { thread } = body.payload
    return [
      conversationDraft(
        'conversation.created',
        body.timestamp,
        threadToConversation(meta, thread),
        actorToParty(meta, thread.createdBy),
        {}
      ),
    ]
  }
)

/**
 * `thread.thread_status_transitioned` → `conversation.status_changed`. The snooze deadline comes from
 * `WAITING_FOR_DURATION.waitingUntil` (versioned) or `SNOOZED.snoozedUntil` (unversioned); who closed
 * the thread is `statusChangedBy`.
 */
export const threadStatusTransitioned = defineEvent(Transition, (body, meta) => {
  const { previousThread, thread } = body.payload
  const before = threadToConversation(meta, previousThread)
  const after = threadToConversation(meta, thread)
  const changedBy = actorToParty(meta, thread.statusChangedBy)
  const snoozed = after.status === 'snoozed' || after.status === 'pending'
  return [
    conversationDraft('conversation.status_changed', body.timestamp, after, changedBy, {
      from: before.status,
      to: after.status,
      vendorFrom: previousThread.status,
      vendorTo: thread.status,
      ...(snoozed && {
        snoozedUntil:
          thread.statusDetail?.waitingUntil ?? thread.statusDetail?.snoozedUntil ?? null,
      }),
      ...(after.status === 'closed' && { closedBy: changedBy }),
    }),
  ]
})

/** `thread.thread_assignment_transitioned` → `conversation.assignment_changed` (null = unassigned). */
export const threadAssignmentTransitioned = defineEvent(Transition, (body, meta) => {
  const { previousThread, thread } = body.payload
  return [
    conversationDraft(
      'conversation.assignment_changed',
      body.timestamp,
      threadToConversation(meta, thread),
      actorToParty(meta, thread.updatedBy),
      {
        from: assigneeToParty(meta, previousThread.assignee),
        to: assigneeToParty(meta, thread.assignee),
      }
    ),
  ]
})

/**
 * `thread.thread_labels_changed` → `conversation.labels_changed`: the set difference of label names
 * between `previousThread` and `thread` (Plain's `changeType` says only ADDED or REMOVED, not which).
 */
export const threadLabelsChanged = defineEvent(
  plainEnvelope({
    changeType: v.optional(v.string()),
    previousThread: PlainThreadSchema,
    thread: PlainThreadSchema,
  }),
  (body, meta) => {
    const { previousThread, thread } = body.payload
    const after = threadToConversation(meta, thread)
    return [
      conversationDraft(
        'conversation.labels_changed',
        body.timestamp,
        after,
        actorToParty(meta, thread.updatedBy),
        setDifference(labelNames(previousThread), after.labels)
      ),
    ]
  }
)

/** `thread.thread_priority_changed` → `conversation.priority_changed` (0 urgent … 3 low). */
export const threadPriorityChanged = defineEvent(Transition, (body, meta) => {
  const { previousThread, thread } = body.payload
  return [
    conversationDraft(
      'conversation.priority_changed',
      body.timestamp,
      threadToConversation(meta, thread),
      actorToParty(meta, thread.updatedBy),
      { from: plainPriority(previousThread.priority), to: plainPriority(thread.priority) }
    ),
  ]
})
