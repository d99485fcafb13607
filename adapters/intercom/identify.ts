import { PayloadError, type WebhookMeta } from '../../src/adapter/index.ts'

const notAWebhook = (detail: string) => new PayloadError('intercom', 'not_a_webhook', detail)

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The event id of `ping`, whose notification `id` is `null` (README §2, §8.2). A ping is
 * acknowledged as ignored and never published or de-duplicated, so this id only shows in logs.
 */
export const PING_EVENT_ID = 'ping'

/**
 * Event type (`topic`), event id (`id`, `notif_…`, the same on every attempt) and tenant (`app_id`,
 * the workspace: one app's subscription serves every workspace that installed it) of a parsed
 * Intercom notification. `data.item` only has to be an object here; its shape is the topic
 * schema's job (`invalid_payload`). Throws `PayloadError` (`not_a_webhook`) for anything else,
 * never another error, whatever the JSON value.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export function identifyIntercom(body: unknown): WebhookMeta {
  if (!isObject(body)) throw notAWebhook('body is not a JSON object')
  const { topic, app_id: appId, id, data } = body
  if (typeof topic !== 'string' || topic.length === 0) {
    throw notAWebhook('topic is missing or not a non-empty string')
  }
  if (typeof appId !== 'string' || appId.length === 0) {
    throw notAWebhook('app_id is missing or not a non-empty string')
  }
  if (!isObject(data) || !isObject(data['item'])) {
    throw notAWebhook('data.item is missing or not an object')
  }
  let eventId: string
  if (typeof id === 'string' && id.length > 0) eventId = id
  else if (topic === 'ping' && (id === null || id === undefined)) eventId = PING_EVENT_ID
  else throw notAWebhook('id is missing or not a non-empty string')
  return { vendor: 'intercom', eventType: topic, eventId, tenant: appId }
}
