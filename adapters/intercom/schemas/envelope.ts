import * as v from 'valibot'
import { RequiredUnixSchema } from './values.ts'

/**
 * The notification envelope (README §2) reduced to what a mapping reads: `created_at` (unix
 * seconds, when Intercom created the notification: the event time of last resort) and
 * `data.item`. `id`, `topic` and `app_id` reach the mapping through `WebhookMeta`;
 * `delivery_attempts`, `delivered_at`, `delivery_status` and `first_sent_at` change per attempt
 * and are deliberately not read. Unknown keys are dropped.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const intercomEnvelope = <const TItem extends v.GenericSchema>(item: TItem) =>
  v.object({ created_at: RequiredUnixSchema, data: v.object({ item }) })
