import * as v from 'valibot'
import { OptionalRawTextSchema } from '../../../src/adapter/index.ts'
import { helpCrunchEnvelope } from './envelope.ts'
import { HelpCrunchAgentSchema, HelpCrunchCustomerInfoSchema } from './party.ts'
import { OptionalTimestampSchema, VendorIdSchema } from './values.ts'

/**
 * The fields of the "Chat Model for Webhooks" a mapping reads; the model is one full snapshot of
 * the chat, shared by all seven chat events. `applications`, `department`, `lastMessage` and the
 * rest are not read, so whatever shape they arrive in (the docs' `applications` literal is not even
 * JSON; PHP may send `{"0": 743}`) cannot fail a payload. Status, `closedBy` and `rating` are
 * free strings: the docs, the REST model and the UI disagree on their spellings.
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
const ChatFieldsSchema = v.object({
  // The only snake_case key; an early third-party bridge read `id` instead, so both are accepted.
  chat_id: v.optional(VendorIdSchema),
  id: v.optional(VendorIdSchema),
  customer: v.optional(v.nullable(HelpCrunchCustomerInfoSchema), null),
  assignee: v.optional(v.nullable(HelpCrunchAgentSchema), null),
  status: OptionalRawTextSchema,
  closedBy: OptionalRawTextSchema,
  rating: OptionalRawTextSchema,
  createdAt: OptionalTimestampSchema,
  snoozedUntil: OptionalTimestampSchema,
})

/** `eventData` of a chat event, with the chat id resolved (`chat_id`, else `id`). */
export const HelpCrunchChatDataSchema = v.pipe(
  ChatFieldsSchema,
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const { chat_id, id, ...fields } = dataset.value
    const chatId = chat_id ?? id
    if (chatId === undefined) {
      addIssue({ message: 'Invalid chat: neither chat_id nor id is present' })
      return NEVER
    }
    return { ...fields, chatId }
  })
)

/** A chat webhook (`chat.new`, `chat.status_updated`, `chat.assigned`, `chat.snoozed`, …). */
export const HelpCrunchChatEventSchema = helpCrunchEnvelope(HelpCrunchChatDataSchema)

/** A `chat.rated` webhook: as any chat event, but a rating must be present. */
export const HelpCrunchRatedChatEventSchema = helpCrunchEnvelope(
  v.pipe(
    HelpCrunchChatDataSchema,
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const { rating, ...fields } = dataset.value
      if (rating === null) {
        addIssue({ message: 'Invalid chat.rated: rating is missing' })
        return NEVER
      }
      return { ...fields, rating }
    })
  )
)

/** `eventData` of a chat event as parsed. */
export type HelpCrunchChatData = v.InferOutput<typeof HelpCrunchChatDataSchema>
