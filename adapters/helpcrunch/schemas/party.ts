import * as v from 'valibot'
import { OptionalRawTextSchema, OptionalTextSchema } from '../../../src/adapter/index.ts'
import { VendorIdSchema } from './values.ts'

/**
 * The basic customer info every chat and message event carries (`{id, name, email, userId}`);
 * `userId` is the account's own id for the customer (User Authentication).
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export const HelpCrunchCustomerInfoSchema = v.object({
  id: VendorIdSchema,
  name: OptionalTextSchema,
  email: OptionalTextSchema,
  userId: OptionalRawTextSchema,
})

/**
 * A team member (`assignee` of a chat, `agent` of a message): `{id, name, email, role}`. The id is
 * optional so a partial object still names the agent; `role` is not read.
 *
 * @see https://docs.helpcrunch.com/rest-api-v1/message-model-v1
 */
export const HelpCrunchAgentSchema = v.object({
  id: v.optional(v.nullable(VendorIdSchema), null),
  name: OptionalTextSchema,
  email: OptionalTextSchema,
})

/** Customer info as parsed: the vendor shape with ids as strings. */
export type HelpCrunchCustomerInfo = v.InferOutput<typeof HelpCrunchCustomerInfoSchema>

/** Agent info as parsed. */
export type HelpCrunchAgent = v.InferOutput<typeof HelpCrunchAgentSchema>
