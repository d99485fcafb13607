import { defineEvent } from '../../../src/adapter/index.ts'
import type { IntercomPart } from '../schemas/part.ts'
import { ticketPayload } from '../schemas/thread.ts'
import { messageAdded } from './message-events.ts'
import { assignmentChanged, created, rated, statusChanged } from './thread-events.ts'

/**
 * The part behind a ticket's close: a `close`, or a state change to `resolved` (both arrive in
 * one history, README §7 sample `real.ticket.closed`).
 */
const closes = (part: IntercomPart) =>
  part.part_type === 'close' ||
  (part.part_type === 'ticket_state_updated_by_admin' && part.ticket_state === 'resolved')

// One schema object per requirement, shared by the topics that need it.
const anyItem = ticketPayload()
const withPart = ticketPayload('part')
const closed = statusChanged({ to: 'closed', part: closes, closing: true })

/**
 * The mapped ticket topics: a ticket is a conversation (its `id`), so each maps like its
 * conversation counterpart (contract). Either item shape is read: the ticket, or
 * `ticket_ticket_part {ticket, ticket_part}` (README §7). `ticket.closed` and `ticket.resolved`
 * may both arrive for one resolve: two events with their own ids (contract).
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const ticketTopics = {
  'ticket.created': defineEvent(anyItem, created),
  'ticket.state.updated': defineEvent(
    anyItem,
    statusChanged({ part: (part) => part.part_type === 'ticket_state_updated_by_admin' })
  ),
  'ticket.admin.assigned': defineEvent(anyItem, assignmentChanged('admin')),
  'ticket.team.assigned': defineEvent(anyItem, assignmentChanged('team')),
  'ticket.note.created': defineEvent(withPart, messageAdded({ direction: 'internal' })),
  'ticket.admin.replied': defineEvent(withPart, messageAdded({ direction: 'outbound' })),
  'ticket.contact.replied': defineEvent(withPart, messageAdded({ direction: 'inbound' })),
  'ticket.closed': defineEvent(anyItem, closed),
  'ticket.resolved': defineEvent(anyItem, closed),
  // Never captured or documented: the conversation rating's shape is tolerated (contract).
  'ticket.rating.provided': defineEvent(ticketPayload('rating'), rated),
}
