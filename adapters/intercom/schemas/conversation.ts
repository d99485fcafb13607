import * as v from 'valibot'
import { PartyRefSchema } from './party.ts'
import { partListSchema } from './part.ts'
import {
  IdSchema,
  OptionalFilledTextSchema,
  OptionalIdSchema,
  OptionalNumberSchema,
  OptionalTagNamesSchema,
  OptionalTextSchema,
  OptionalUnixSchema,
  TagNamesSchema,
  optionalObject,
} from './values.ts'

/**
 * The first message: 1.x `conversation_message` or 2.x `source` (README §7). `source.type` is the
 * channel (`conversation` = Messenger, `email`, …); 1.x has no channel.
 */
export const IntercomMessageSourceSchema = v.object({
  type: OptionalTextSchema,
  id: OptionalIdSchema,
  subject: OptionalFilledTextSchema,
  body: OptionalTextSchema,
  author: PartyRefSchema,
})

/** The 1.x `user` of a conversation: a user or lead with Intercom's `id` and the app's `user_id`. */
const IntercomUserSchema = v.object({
  id: OptionalIdSchema,
  user_id: OptionalFilledTextSchema,
  name: OptionalFilledTextSchema,
  email: OptionalFilledTextSchema,
})

/**
 * `conversation_rating`: `{rating: 1–5, remark, created_at, updated_at, contact, teammate}` (2.x
 * `null`, 1.x `{}` when unrated, README §7). Tickets may carry one too (`ticket.rating.provided`,
 * never captured: the conversation's shape is assumed).
 */
export const IntercomRatingSchema = v.object({
  rating: OptionalNumberSchema,
  contact: optionalObject(v.object({ id: OptionalIdSchema })),
})

/** A contact reference of a 2.x `contacts` list: `{type, id, external_id}` (tickets: `{id, role}`). */
const IntercomContactRefSchema = v.object({
  id: OptionalIdSchema,
  external_id: OptionalFilledTextSchema,
})

/** A 2.x `contact.list` (`{type, contacts: […]}`), read as its array. */
export const ContactListSchema = optionalObject(
  v.object({ contacts: v.optional(v.nullable(v.array(IntercomContactRefSchema)), null) })
)

/**
 * A conversation item, both payload generations in one tolerant schema (README §7): 1.x `user`,
 * `assignee`, `conversation_message`, `tags_added`; 2.x `contacts`, `source`, `admin_assignee_id`
 * (an integer) / `team_assignee_id`, `priority`, `title`. `state` and `priority` are free text.
 * Only `id` is required; everything else that is missing or unusable reads as `null` / `[]`.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const IntercomConversationSchema = v.object({
  id: IdSchema,
  created_at: OptionalUnixSchema,
  updated_at: OptionalUnixSchema,
  state: OptionalTextSchema,
  snoozed_until: OptionalUnixSchema,
  priority: OptionalTextSchema,
  title: OptionalFilledTextSchema,
  user: optionalObject(IntercomUserSchema),
  contacts: ContactListSchema,
  assignee: PartyRefSchema,
  admin_assignee_id: OptionalIdSchema,
  team_assignee_id: OptionalIdSchema,
  conversation_message: optionalObject(IntercomMessageSourceSchema),
  source: optionalObject(IntercomMessageSourceSchema),
  conversation_parts: partListSchema('conversation_parts'),
  tags: TagNamesSchema,
  tags_added: OptionalTagNamesSchema,
  conversation_rating: optionalObject(IntercomRatingSchema),
})

/** A conversation item as parsed. */
export type IntercomConversation = v.InferOutput<typeof IntercomConversationSchema>
/** A first message as parsed. */
export type IntercomMessageSource = v.InferOutput<typeof IntercomMessageSourceSchema>
/** A rating as parsed. */
export type IntercomRating = v.InferOutput<typeof IntercomRatingSchema>
/** A contact list as parsed. */
export type IntercomContactList = v.InferOutput<typeof ContactListSchema>
