import * as v from 'valibot'
import { OptionalRawTextSchema, OptionalTextSchema } from '../../../src/adapter/index.ts'
import { OptionalIdSchema, OptionalTimestampSchema, VendorIdSchema } from './values.ts'

/** A list of tags as sent; numeric tags become strings. */
export const TagArraySchema = v.pipe(
  v.array(v.union([v.string(), v.number()])),
  v.transform((tags) => tags.map(String))
)

/** A ticket's tag list: `null` on some tickets (README §9.3) and absent both become `[]`. */
export const TagListSchema = v.pipe(
  v.optional(v.nullable(TagArraySchema), null),
  v.transform((tags) => tags ?? [])
)

/**
 * The ticket snapshot (`detail`) of a ticket event, after the change: the documented properties a
 * mapping reads. Only `id` is required, so the skinny `detail: {id}` of `messaging_ticket.*`
 * (README §9.5) parses too; everything else is `null`/`[]` when absent. `brand_id`, `form_id`,
 * `group_id`, `organization_id`, `submitter_id`, `type`, `description`, `external_id` and
 * `is_public` are not read: the field events carry what changed.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events
 */
export const ZendeskTicketSchema = v.object({
  id: VendorIdSchema,
  subject: OptionalTextSchema,
  status: OptionalRawTextSchema,
  custom_status: OptionalIdSchema,
  priority: OptionalRawTextSchema,
  assignee_id: OptionalIdSchema,
  requester_id: OptionalIdSchema,
  actor_id: OptionalIdSchema,
  tags: TagListSchema,
  created_at: OptionalTimestampSchema,
  updated_at: OptionalTimestampSchema,
  via: v.optional(v.nullable(v.object({ channel: OptionalRawTextSchema })), null),
})

/** A ticket snapshot as parsed: ids as strings, timestamps as RFC 3339 with milliseconds. */
export type ZendeskTicket = v.InferOutput<typeof ZendeskTicketSchema>
