import * as v from 'valibot'
import { ContactListSchema, IntercomRatingSchema } from './conversation.ts'
import { PartSchema, partListSchema } from './part.ts'
import {
  IdSchema,
  OptionalFilledTextSchema,
  OptionalIdSchema,
  OptionalTextSchema,
  OptionalUnixSchema,
  TagNamesSchema,
  filledTextOf,
  optionalObject,
} from './values.ts'

/** A ticket's state: its `category` (the status) and the workspace's own `internal_label`. */
export interface IntercomTicketState {
  readonly category: string | null
  readonly label: string | null
}

/**
 * `ticket_state`: `{type, id, category, internal_label, external_label}` (README §7); older API
 * versions send the category as a bare string. Anything else reads as no state.
 */
function ticketStateOf(value: unknown): IntercomTicketState {
  if (typeof value === 'string') return { category: filledTextOf(value), label: null }
  if (typeof value !== 'object' || value === null) return { category: null, label: null }
  const state = value as { category?: unknown; internal_label?: unknown }
  return { category: filledTextOf(state.category), label: filledTextOf(state.internal_label) }
}

/**
 * A ticket (README §5, §7): a ticket is a conversation; its `id` is the conversation id and
 * `ticket_id` the number people see. `admin_assignee_id` / `team_assignee_id` are strings, `"0"`
 * for none; `ticket_parts` is the whole history. Only `id` is required.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const IntercomTicketSchema = v.object({
  id: IdSchema,
  ticket_attributes: optionalObject(v.object({ _default_title_: OptionalFilledTextSchema })),
  ticket_state: v.optional(v.pipe(v.unknown(), v.transform(ticketStateOf)), () => ({
    category: null,
    label: null,
  })),
  contacts: ContactListSchema,
  admin_assignee_id: OptionalIdSchema,
  team_assignee_id: OptionalIdSchema,
  created_at: OptionalUnixSchema,
  updated_at: OptionalUnixSchema,
  snoozed_until: OptionalUnixSchema,
  channel: OptionalTextSchema,
  tags: TagNamesSchema,
  ticket_parts: partListSchema('ticket_parts'),
  conversation_rating: optionalObject(IntercomRatingSchema),
})

/**
 * A ticket topic's item, either shape (README §7): the ticket itself (`ticket.created`,
 * `ticket.state.updated`, `ticket.resolved`, the 2026 `ticket.closed` capture) or
 * `ticket_ticket_part {ticket, ticket_part}` (replies, notes, assignments, and `ticket.closed` as
 * the 2.15+ docs nest it). Read as `{ticket, part}`, `part` the one that fired the topic or `null`.
 */
export const IntercomTicketItemSchema = v.union([
  v.pipe(
    v.object({ ticket: IntercomTicketSchema, ticket_part: PartSchema }),
    v.transform(({ ticket, ticket_part }) => ({ ticket, part: ticket_part }))
  ),
  v.pipe(
    IntercomTicketSchema,
    v.transform((ticket) => ({ ticket, part: null }))
  ),
])

/** A ticket as parsed. */
export type IntercomTicket = v.InferOutput<typeof IntercomTicketSchema>
