import * as v from 'valibot'
import { PayloadError, type WebhookMeta } from '../../src/adapter/index.ts'

const IdentitySchema = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  workspaceId: v.pipe(v.string(), v.minLength(1)),
  payload: v.object({ eventType: v.pipe(v.string(), v.minLength(1)) }),
})

/**
 * Event type from `payload.eventType` (not the top-level `type`, which Plain's SLA example gets
 * wrong), event id from `id` (`pEv_…`, the same on every attempt), tenant = `workspaceId`.
 * Throws `PayloadError` (`not_a_webhook`).
 */
export function identifyPlain(body: unknown): WebhookMeta {
  const parsed = v.safeParse(IdentitySchema, body)
  if (!parsed.success) {
    throw new PayloadError(
      'plain',
      'not_a_webhook',
      `not a Plain webhook: ${v.summarize(parsed.issues)}`
    )
  }
  const { id, workspaceId, payload } = parsed.output
  return { vendor: 'plain', eventType: payload.eventType, eventId: id, tenant: workspaceId }
}
