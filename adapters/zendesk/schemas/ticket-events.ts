import * as v from 'valibot'
import { OptionalRawTextSchema, OptionalTextSchema } from '../../../src/adapter/index.ts'
import { UnreadEventSchema, zendeskEnvelope } from './envelope.ts'
import { TagArraySchema, TagListSchema, ZendeskTicketSchema } from './ticket.ts'
import { OptionalBooleanSchema, OptionalIdSchema, VendorIdSchema } from './values.ts'

/** `{current, previous}` of a `*_changed` event (README §8), each absent or `null` → `null`. */
const changeOf = <const TValue extends v.GenericSchema>(value: TValue) =>
  v.object({ current: value, previous: value })

/** `ticket.created` (`event: {}`). */
export const TicketCreatedSchema = zendeskEnvelope(ZendeskTicketSchema, UnreadEventSchema)

/** `status_changed` and `priority_changed`: raw enum values, upper case in webhooks. */
export const TicketEnumChangedSchema = zendeskEnvelope(
  ZendeskTicketSchema,
  changeOf(OptionalRawTextSchema)
)

/** `agent_assignment_changed`: agent ids (strings, numbers in the EventBridge twin), `null` = nobody. */
export const TicketAssignmentChangedSchema = zendeskEnvelope(
  ZendeskTicketSchema,
  changeOf(OptionalIdSchema)
)

/** A list of tags in a tags event, or `null` when absent (so the two shapes can be told apart). */
const OptionalTagArraySchema = v.optional(v.nullable(TagArraySchema), null)

/** `added` / `removed` as `{tags: […]}` (the third-party shape) or as a bare list; absent → `null`. */
const TagDeltaSchema = v.optional(
  v.nullable(
    // The list first: valibot's `object` also accepts an array (and would read it as no tags).
    v.union([
      TagArraySchema,
      v.pipe(
        v.object({ tags: TagListSchema }),
        v.transform(({ tags }) => tags)
      ),
    ])
  ),
  null
)

/**
 * `ticket.tags_changed`: `{added: {tags}, removed: {tags}}` as one integrator models it, or
 * `current` / `previous` lists (README §8, [INF]); both are accepted.
 */
export const TicketTagsChangedSchema = zendeskEnvelope(
  ZendeskTicketSchema,
  v.object({
    added: TagDeltaSchema,
    removed: TagDeltaSchema,
    current: OptionalTagArraySchema,
    previous: OptionalTagArraySchema,
  })
)

/**
 * A field value: text, number or boolean as sent; a list (a multi-select field's options) as its
 * values joined by spaces, the way Zendesk writes tag lists in text; absent → `null`.
 */
const FieldValueSchema = v.optional(
  v.nullable(
    v.union([
      v.string(),
      v.pipe(v.number(), v.finite()),
      v.boolean(),
      v.pipe(
        v.array(v.union([v.string(), v.number()])),
        v.transform((values) => values.map(String).join(' '))
      ),
    ])
  ),
  null
)

/**
 * A field change (`subject_changed`, `custom_field_changed`, `type_changed`, …): `current` and
 * `previous`, plus `custom_field: {id, title, type}` on custom fields ([INF] from a 3P model).
 */
export const TicketFieldChangedSchema = zendeskEnvelope(
  ZendeskTicketSchema,
  v.object({
    current: FieldValueSchema,
    previous: FieldValueSchema,
    custom_field: v.optional(
      v.nullable(
        v.object({ id: OptionalIdSchema, title: OptionalTextSchema, type: OptionalRawTextSchema })
      ),
      null
    ),
  })
)

/** The author of a comment: `{id, name, is_staff}` ([3P], a production payload). */
const CommentAuthorSchema = v.optional(
  v.nullable(
    v.object({ id: OptionalIdSchema, name: OptionalTextSchema, is_staff: OptionalBooleanSchema })
  ),
  null
)

/**
 * `ticket.comment_added`: `event.comment = {id, body, html_body, is_public, author}`; `html_body`
 * is not read (the canonical text is plain).
 */
export const TicketCommentAddedSchema = zendeskEnvelope(
  ZendeskTicketSchema,
  v.object({
    comment: v.object({
      id: VendorIdSchema,
      body: OptionalTextSchema,
      is_public: OptionalBooleanSchema,
      author: CommentAuthorSchema,
    }),
  })
)

/**
 * `messaging_ticket.message_added`: skinny `detail: {id}`, `event: {actor: {id, name, type},
 * conversation_id, message: {id, body}}`; actor types `end_user`, `agent`, `trigger`, `system`.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/messaging-events
 */
export const MessagingMessageAddedSchema = zendeskEnvelope(
  ZendeskTicketSchema,
  v.object({
    actor: v.optional(
      v.nullable(
        v.object({ id: OptionalIdSchema, name: OptionalTextSchema, type: OptionalRawTextSchema })
      ),
      null
    ),
    message: v.object({ id: VendorIdSchema, body: OptionalTextSchema }),
  })
)
