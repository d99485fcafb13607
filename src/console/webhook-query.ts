import { InvalidRequestError } from '../errors.ts'
import type { WebhookRecord } from './recent-webhooks.ts'

/** Every outcome a webhook log line can have (`src/http/webhook-outcome.ts`, plus `error`). */
export const OUTCOMES = [
  'accepted',
  'duplicate',
  'ignored',
  'dead_lettered',
  'spooled',
  'rejected',
  'unavailable',
  'error',
] as const

/** The Recent webhooks filters, as the page's form and `GET /api/webhooks` take them. */
export interface WebhookQuery {
  readonly vendor?: string
  readonly outcome?: string
  /** `202`, or a class such as `4xx`. */
  readonly status?: string
  readonly limit: number
}

/** Records shown when the query names no `limit`. */
export const DEFAULT_LIMIT = 500

/**
 * The query string's filters; empty values mean "any". Throws `InvalidRequestError` for a status
 * that is neither three digits nor a class (`4xx`), or a limit that is not a positive integer.
 */
export function parseWebhookQuery(
  query: Readonly<Record<string, string | undefined>>
): WebhookQuery {
  const given = (name: string) => {
    const value = query[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const status = given('status')?.toLowerCase()
  if (status !== undefined && !/^[1-5](?:\d\d|xx)$/.test(status)) {
    throw new InvalidRequestError(
      `status must be three digits or a class like 4xx, got "${status}"`
    )
  }
  const limitText = given('limit')
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText)
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new InvalidRequestError('limit must be an integer ≥ 1')
  }
  const vendor = given('vendor')
  const outcome = given('outcome')
  return {
    ...(vendor !== undefined && { vendor }),
    ...(outcome !== undefined && { outcome }),
    ...(status !== undefined && { status }),
    limit,
  }
}

/** Whether `record` passes every filter of `query`. */
export function matchesQuery(record: WebhookRecord, query: WebhookQuery): boolean {
  if (query.vendor !== undefined && record.vendor !== query.vendor) return false
  if (query.outcome !== undefined && record.outcome !== query.outcome) return false
  if (query.status !== undefined) {
    const status = record.status === undefined ? '' : String(record.status)
    const wanted = query.status
    if (wanted.endsWith('xx') ? status[0] !== wanted[0] : status !== wanted) return false
  }
  return true
}
