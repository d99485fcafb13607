import * as v from 'valibot'
import { OptionalPlainActorSchema, PlainActorSchema } from './party.ts'
import { OptionalInstantSchema, OptionalStringSchema, PlainIdSchema } from './values.ts'

/** `email`: the text, who sent it (`from`, with its `emailActor`) and who created the entry. */
export const PlainEmailSchema = v.object({
  id: PlainIdSchema,
  textContent: OptionalStringSchema,
  markdownContent: OptionalStringSchema,
  from: v.nullish(
    v.object({
      email: OptionalStringSchema,
      name: OptionalStringSchema,
      emailActor: v.nullish(PlainActorSchema, null),
    }),
    null
  ),
  createdAt: OptionalInstantSchema,
  createdBy: OptionalPlainActorSchema,
})

/** `chat` and `note`: `text` (optional on chats with only attachments). */
export const PlainChatSchema = v.object({
  id: PlainIdSchema,
  text: OptionalStringSchema,
  createdAt: OptionalInstantSchema,
  createdBy: OptionalPlainActorSchema,
})

/** `slackMessage`; `text` is the raw Slack text (mentions unresolved). */
export const PlainSlackMessageSchema = v.object({
  id: PlainIdSchema,
  text: OptionalStringSchema,
  createdAt: OptionalInstantSchema,
  createdBy: OptionalPlainActorSchema,
})

/** `discordMessage`: edit and delete are told by the two timestamps (no `changeType`). */
export const PlainDiscordMessageSchema = v.object({
  id: PlainIdSchema,
  textContent: OptionalStringSchema,
  lastEditedOnDiscordAt: OptionalInstantSchema,
  deletedOnDiscordAt: OptionalInstantSchema,
  createdAt: OptionalInstantSchema,
  createdBy: OptionalPlainActorSchema,
})

/** `msTeamsMessage` has no `id` field; its timeline entry id names it. */
export const PlainMsTeamsMessageSchema = v.object({
  timelineEntryId: PlainIdSchema,
  text: OptionalStringSchema,
  createdAt: OptionalInstantSchema,
  createdBy: OptionalPlainActorSchema,
})
