import * as v from 'valibot'
import { OptionalTextSchema } from '../../../src/adapter/index.ts'
import { helpCrunchEnvelope } from './envelope.ts'
import { HelpCrunchAgentSchema, HelpCrunchCustomerInfoSchema } from './party.ts'
import { OptionalTimestampSchema, VendorIdSchema } from './values.ts'

/**
 * The fields of the "Message Model for Webhooks" a mapping reads. Channel, sender and privacy are
 * in the event name, not the body; `agent` is `null` on customer messages and its shape on agent
 * messages is only inferred from the REST message model.
 *
 * @see https://docs.helpcrunch.com/webhooks/message-webhooks
 */
export const HelpCrunchMessageDataSchema = v.object({
  chat_id: VendorIdSchema,
  agent: v.optional(v.nullable(HelpCrunchAgentSchema), null),
  customer: v.optional(v.nullable(HelpCrunchCustomerInfoSchema), null),
  message: v.object({
    id: VendorIdSchema,
    text: OptionalTextSchema,
    createdAt: OptionalTimestampSchema,
  }),
})

/** A message webhook (`message.chat.customer`, `message.email.agent`, `message.private`, …). */
export const HelpCrunchMessageEventSchema = helpCrunchEnvelope(HelpCrunchMessageDataSchema)

/** `eventData` of a message event as parsed. */
export type HelpCrunchMessageData = v.InferOutput<typeof HelpCrunchMessageDataSchema>
