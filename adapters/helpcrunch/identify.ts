import { PayloadError, type WebhookMeta } from '../../src/adapter/index.ts'

const notAWebhook = (detail: string) => new PayloadError('helpcrunch', 'not_a_webhook', detail)

/**
 * Event type (`event`) and event id (`id`, a UUID string; a number is accepted and stringified) of
 * a parsed HelpCrunch body; the tenant is the account the route names. No header carries either:
 * only the body does. Throws `PayloadError` (`not_a_webhook`) for anything else, never another
 * error, whatever the JSON value. `eventData` only has to be present here; its shape is the
 * event schema's job (`invalid_payload`).
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export function identifyHelpCrunch(
  body: unknown,
  context: { readonly tenant: string }
): WebhookMeta {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw notAWebhook('body is not a JSON object')
  }
  const { event, id } = body as { event?: unknown; id?: unknown }
  if (typeof event !== 'string' || event.length === 0) {
    throw notAWebhook('event is missing or not a non-empty string')
  }
  let eventId: string
  if (typeof id === 'string' && id.length > 0) eventId = id
  else if (typeof id === 'number' && Number.isFinite(id)) eventId = String(id)
  else throw notAWebhook('id is missing or not a non-empty string or number')
  if (!('eventData' in body) || body.eventData === undefined) {
    throw notAWebhook('eventData is missing')
  }
  return { vendor: 'helpcrunch', eventType: event, eventId, tenant: context.tenant }
}
