import {
  conversationDraft,
  defineEvent,
  setDifference,
  type SetDifference,
} from '../../../src/adapter/index.ts'
import { ticketConversation, zendeskPriority, zendeskStatus } from '../map/conversation.ts'
import { agentParty, ticketActor } from '../map/party.ts'
import {
  TicketAssignmentChangedSchema,
  TicketCreatedSchema,
  TicketEnumChangedSchema,
  TicketTagsChangedSchema,
} from '../schemas/ticket-events.ts'

/** `ticket.created` (`event: {}`) → `conversation.created`; actor = `detail.actor_id`. */
export const ticketCreated = defineEvent(TicketCreatedSchema, ({ time, detail }, meta) => [
  conversationDraft(
    'conversation.created',
    time,
    ticketConversation(meta, detail),
    ticketActor(meta, detail),
    {}
  ),
])

/**
 * `ticket.status_changed` → `conversation.status_changed`, from / to = `event.previous` /
 * `event.current` (the snapshot's status when `current` is missing); raw values kept in
 * `vendorFrom` / `vendorTo` (`HOLD` → pending). `closedBy` = the actor when the ticket is now
 * solved or closed.
 */
export const ticketStatusChanged = defineEvent(
  TicketEnumChangedSchema,
  ({ time, detail, event }, meta) => {
    const vendorTo = event.current ?? detail.status
    const to = zendeskStatus(vendorTo)
    const actor = ticketActor(meta, detail)
    return [
      conversationDraft(
        'conversation.status_changed',
        time,
        ticketConversation(meta, detail),
        actor,
        {
          from: event.previous === null ? null : zendeskStatus(event.previous),
          to,
          vendorFrom: event.previous,
          vendorTo,
          ...(to === 'closed' && { closedBy: actor }),
        }
      ),
    ]
  }
)

/**
 * `ticket.agent_assignment_changed` → `conversation.assignment_changed` between the agents named
 * by id in `event.previous` / `event.current` (`null` = nobody).
 */
export const ticketAgentAssignmentChanged = defineEvent(
  TicketAssignmentChangedSchema,
  ({ time, detail, event }, meta) => [
    conversationDraft(
      'conversation.assignment_changed',
      time,
      ticketConversation(meta, detail),
      ticketActor(meta, detail),
      { from: agentParty(meta, event.previous), to: agentParty(meta, event.current) }
    ),
  ]
)

/** `ticket.priority_changed` → `conversation.priority_changed` (LOW…URGENT, `null` = none). */
export const ticketPriorityChanged = defineEvent(
  TicketEnumChangedSchema,
  ({ time, detail, event }, meta) => [
    conversationDraft(
      'conversation.priority_changed',
      time,
      ticketConversation(meta, detail),
      ticketActor(meta, detail),
      { from: zendeskPriority(event.previous), to: zendeskPriority(event.current) }
    ),
  ]
)

/** Each list de-duplicated in first-seen order, as `setDifference` builds its lists. */
const unique = (values: readonly string[] | null): string[] => [...new Set(values)]

/**
 * `ticket.tags_changed` → `conversation.labels_changed`. The `added` / `removed` delta when either
 * is sent; otherwise the set difference of `previous` and `current` lists.
 */
export const ticketTagsChanged = defineEvent(
  TicketTagsChangedSchema,
  ({ time, detail, event }, meta) => {
    const change: SetDifference<string> =
      event.added !== null || event.removed !== null
        ? { added: unique(event.added), removed: unique(event.removed) }
        : setDifference(event.previous ?? [], event.current ?? [])
    return [
      conversationDraft(
        'conversation.labels_changed',
        time,
        ticketConversation(meta, detail),
        ticketActor(meta, detail),
        { added: [...change.added], removed: [...change.removed] }
      ),
    ]
  }
)
