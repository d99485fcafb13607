import * as v from 'valibot'
import { InstantSchema, PlainIdSchema } from './values.ts'

/**
 * The Plain envelope around an event payload. Only what the mapping reads is declared; the rest
 * (`type`, `webhookMetadata`, new fields) is stripped. `type` is not checked: dispatch is on
 * `payload.eventType`, since Plain's own SLA example carries a wrong top-level `type`.
 *
 * @see https://www.plain.com/docs/webhooks (the envelope's fields)
 * @see https://www.plain.com/docs/webhooks/thread-service-level-agreement-status-transitioned (the example whose `type` is wrong)
 */
export const plainEnvelope = <const TPayload extends v.ObjectEntries>(payload: TPayload) =>
  v.object({
    id: PlainIdSchema,
    timestamp: InstantSchema,
    workspaceId: PlainIdSchema,
    payload: v.object({ eventType: v.string(), ...payload }),
  })
