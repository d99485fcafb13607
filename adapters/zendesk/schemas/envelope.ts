import * as v from 'valibot'
import { EventTimeSchema } from './values.ts'

/**
 * The envelope every event-subscribed webhook shares (`type, account_id, id, time,
 * zendesk_event_version, subject, detail, event`; reference README §3), reduced to what a mapping
 * reads: `time` (→ the canonical `time`), the entity snapshot `detail` and the change `event`.
 * `type`, `id` and `account_id` reach the mapping through `WebhookMeta`; `subject` and
 * `zendesk_event_version` are not read. Unknown keys are stripped.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/
 */
export const zendeskEnvelope = <
  const TDetail extends v.GenericSchema,
  const TEvent extends v.GenericSchema,
>(
  detail: TDetail,
  event: TEvent
) => v.object({ time: EventTimeSchema, detail, event })

/** `event` of a webhook whose change is not read (`*.created`: `{}`): anything, or absent. */
export const UnreadEventSchema = v.optional(v.unknown())
