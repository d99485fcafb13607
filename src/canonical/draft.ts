import type { ConversationEventType, CustomerEventType } from './changes.ts'
import type { CanonicalDraft, CanonicalEventOf } from './event.ts'
import type { Conversation, Customer, Party } from './shared.ts'

/** The `change` member of one canonical type. */
export type ChangeOf<T extends ConversationEventType | CustomerEventType> =
  CanonicalEventOf<T>['data'] extends { change: infer C } ? C : never

/** A `conversation.*` draft: subject = the conversation's canonical id (the Kafka key). */
export function conversationDraft<T extends ConversationEventType>(
  type: T,
  time: string,
  conversation: Conversation,
  actor: Party | null,
  change: ChangeOf<T>
): CanonicalDraft {
  // TypeScript cannot correlate the generic `T` with the draft union; `ChangeOf<T>` keeps callers exact.
  return {
    type,
    subject: conversation.id,
    time,
    data: { conversation, actor, change },
  } as CanonicalDraft
}

/** A `customer.*` draft: subject = the customer's canonical id (the Kafka key). */
export function customerDraft<T extends CustomerEventType>(
  type: T,
  time: string,
  customer: Customer,
  actor: Party | null,
  change: ChangeOf<T>
): CanonicalDraft {
  return { type, subject: customer.id, time, data: { customer, actor, change } } as CanonicalDraft
}
