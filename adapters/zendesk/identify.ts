import { PayloadError, type WebhookMeta } from '../../src/adapter/index.ts'

/** Every event-subscribed webhook's `type` starts with this (reference README §3). */
const TYPE_PREFIX = 'zen:event-type:'

const DIGITS = /^\d+$/

const notAWebhook = (detail: string) => new PayloadError('zendesk', 'not_a_webhook', detail)

/** A non-empty string, or a finite number as a string; `undefined` otherwise. */
function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined
}

/** `account_id`, an integer (a digit string is accepted too), as the tenant string. */
function accountText(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined
  }
  return typeof value === 'string' && DIGITS.test(value) ? value : undefined
}

/**
 * Event type (`type` without `zen:event-type:`), event id (`id`, a UUID or ULID; a number is
 * stringified) and tenant (`account_id` as a string) of an event-subscribed Zendesk webhook. A
 * body without that envelope (a trigger-connected webhook's hand-written template) is authentic but
 * unmappable: `PayloadError` (`not_a_webhook`), so it is dead-lettered. Throws nothing else,
 * whatever the JSON value.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/
 */
export function identifyZendesk(body: unknown): WebhookMeta {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw notAWebhook('body is not a JSON object')
  }
  const { type, id, account_id: accountId } = body as Record<string, unknown>
  if (typeof type !== 'string' || !type.startsWith(TYPE_PREFIX)) {
    throw notAWebhook(
      `type is missing or does not start with ${TYPE_PREFIX}: not an event-subscribed webhook (a trigger-connected webhook's template has no envelope)`
    )
  }
  const eventType = type.slice(TYPE_PREFIX.length)
  if (eventType === '') throw notAWebhook(`type names no event after ${TYPE_PREFIX}`)
  const eventId = idText(id)
  if (eventId === undefined) throw notAWebhook('id is missing or not a non-empty string or number')
  const tenant = accountText(accountId)
  if (tenant === undefined) throw notAWebhook('account_id is missing or not a non-negative integer')
  return {
    vendor: 'zendesk',
    eventType,
    eventId,
    tenant,
  }
}
