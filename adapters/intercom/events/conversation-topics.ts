import { defineEvent } from '../../../src/adapter/index.ts'
import { conversationPayload } from '../schemas/thread.ts'
import { messageAdded, messageRedacted } from './message-events.ts'
import {
  assignmentChanged,
  created,
  labelsAdded,
  priorityChanged,
  rated,
  statusChanged,
} from './thread-events.ts'

// One schema object per requirement, shared by the topics that need it.
const anyItem = conversationPayload()
const withPart = conversationPayload('part')

/**
 * The mapped conversation topics (contract "Mapping: Intercom"), each a tolerant schema over both
 * payload generations and a pure mapping. Message and redaction topics require the part they
 * report; the rating topic a rating.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const conversationTopics = {
  'conversation.user.created': defineEvent(anyItem, created),
  'conversation.admin.single.created': defineEvent(anyItem, created),
  'conversation.user.replied': defineEvent(withPart, messageAdded({ direction: 'inbound' })),
  'conversation.admin.replied': defineEvent(withPart, messageAdded({ direction: 'outbound' })),
  'conversation.operator.replied': defineEvent(
    withPart,
    messageAdded({ direction: 'outbound', bot: true })
  ),
  'conversation.admin.noted': defineEvent(withPart, messageAdded({ direction: 'internal' })),
  'conversation.admin.assigned': defineEvent(anyItem, assignmentChanged('admin')),
  'conversation.admin.open.assigned': defineEvent(anyItem, assignmentChanged('admin')),
  'conversation.admin.closed': defineEvent(
    anyItem,
    statusChanged({ to: 'closed', part: (part) => part.part_type === 'close', closing: true })
  ),
  'conversation.admin.opened': defineEvent(
    anyItem,
    statusChanged({ to: 'open', part: (part) => part.part_type === 'open' })
  ),
  'conversation.admin.snoozed': defineEvent(
    anyItem,
    statusChanged({ to: 'snoozed', part: (part) => part.part_type === 'snoozed', snooze: 'until' })
  ),
  'conversation.admin.unsnoozed': defineEvent(
    anyItem,
    statusChanged({ to: 'open', part: (part) => part.part_type === 'unsnoozed', snooze: 'over' })
  ),
  'conversation.priority.updated': defineEvent(anyItem, priorityChanged),
  'conversation.rating.added': defineEvent(conversationPayload('rating'), rated),
  'conversation_part.tag.created': defineEvent(anyItem, labelsAdded),
  'conversation_part.redacted': defineEvent(withPart, messageRedacted),
}
