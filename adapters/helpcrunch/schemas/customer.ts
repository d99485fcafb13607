import * as v from 'valibot'
import { OptionalRawTextSchema, OptionalTextSchema } from '../../../src/adapter/index.ts'
import { helpCrunchEnvelope } from './envelope.ts'
import { VendorIdSchema } from './values.ts'

/**
 * The fields of the "Customer Model for Webhooks" a mapping reads (`id, name, email, userId,
 * unsubscribed`). `customData` is not read, so its three documented shapes (object, array of
 * `{property, value}`, PHP's `[]` for an empty map) cannot fail a payload. `unsubscribed` that is
 * not a boolean becomes `null` ("not told").
 *
 * @see https://docs.helpcrunch.com/webhooks/customer-webhooks
 */
export const HelpCrunchCustomerDataSchema = v.object({
  id: VendorIdSchema,
  name: OptionalTextSchema,
  email: OptionalTextSchema,
  userId: OptionalRawTextSchema,
  unsubscribed: v.optional(
    v.pipe(
      v.unknown(),
      v.transform((value) => (typeof value === 'boolean' ? value : null))
    ),
    null
  ),
})

/** A customer webhook (`customer.new`, `customer.email_updated`, …, `customer.deleted`). */
export const HelpCrunchCustomerEventSchema = helpCrunchEnvelope(HelpCrunchCustomerDataSchema)

/** `eventData` of a customer event as parsed. */
export type HelpCrunchCustomerData = v.InferOutput<typeof HelpCrunchCustomerDataSchema>
