import * as v from 'valibot'
import { intercomEnvelope } from './envelope.ts'
import {
  IdSchema,
  OptionalBooleanSchema,
  OptionalFilledTextSchema,
  OptionalIdSchema,
  OptionalInstantSchema,
} from './values.ts'

/**
 * The fields of a 2.x contact a mapping reads (README §5, §7): `id`, the app's `external_id`,
 * `email`, `name`, ISO-8601 `created_at` / `updated_at` (unix seconds accepted too) and
 * `unsubscribed_from_emails`. The minimal items of `contact.deleted` / `contact.archived`
 * (`{id, external_id, type, deleted|archived}`) fit: everything but `id` is optional.
 */
export const IntercomContactSchema = v.object({
  id: IdSchema,
  external_id: OptionalIdSchema,
  email: OptionalFilledTextSchema,
  name: OptionalFilledTextSchema,
  created_at: OptionalInstantSchema,
  updated_at: OptionalInstantSchema,
  unsubscribed_from_emails: OptionalBooleanSchema,
})

/**
 * A contact topic's item: the contact itself, or a wrapper holding it under `contact`
 * (`contact_tag {tag, contact}`, `contact_unsubscribe {contact, subscription_types}`, README §7):
 * the contact id may sit at `item.contact.id`.
 */
const IntercomContactItemSchema = v.union([
  v.pipe(
    v.object({ contact: IntercomContactSchema }),
    v.transform((item) => item.contact)
  ),
  IntercomContactSchema,
])

/** A `contact.*` notification: envelope `created_at` (the event time) and the contact. */
export const IntercomContactEventSchema = intercomEnvelope(IntercomContactItemSchema)

/** A contact as parsed. */
export type IntercomContact = v.InferOutput<typeof IntercomContactSchema>
