import type { VendorAdapter, Verifier, WebhookMeta } from '../adapter/contract.ts'
import type { CanonicalEvent } from '../canonical/index.ts'
import { PayloadError } from '../errors.ts'
import {
  toDeadLetterRecord,
  toTopicRecord,
  type ContentMode,
  type TopicRecord,
  type Topics,
} from '../kafka/records.ts'
import { normalize } from '../pipeline.ts'
import { keptHeaders } from './kept-headers.ts'

/**
 * One authentic webhook as every path holds it: the live edge (just verified), the spool's drain
 * (verified when it arrived) and replay (verified again from its dead letter).
 */
export interface AuthenticWebhook {
  readonly adapter: VendorAdapter
  /** The route's account (`default` where the body names its tenant). */
  readonly tenant: string
  /** The raw body, exactly as received. */
  readonly body: Uint8Array
  /** Lower-case request headers; a dead letter keeps the vendor's own (`keptHeaders`). */
  readonly headers: Readonly<Record<string, string>>
  readonly receivedAt: Date
}

/** Where a webhook's records go, and how events are written there. */
export interface RecordTarget {
  readonly topics: Topics
  readonly contentMode: ContentMode
}

/** What to do with one authentic webhook: the single decision every delivery path shares. */
export type DeliveryPlan =
  | {
      /** Publish `records`, once per `key` (the de-duplication key of the vendor event). */
      readonly kind: 'publish'
      readonly meta: WebhookMeta
      readonly key: string
      readonly events: readonly CanonicalEvent[]
      readonly records: TopicRecord[]
    }
  | { readonly kind: 'ignore'; readonly meta: WebhookMeta; readonly reason: string }
  | {
      /** Authentic but unmappable: `record` is its dead letter (raw body, kept headers, reason). */
      readonly kind: 'dead-letter'
      readonly failure: PayloadError
      /** The body's tenant where it was identified, else the route's account. */
      readonly tenant: string
      readonly record: TopicRecord
    }

/** The de-duplication key of a vendor event: ids are unique per vendor and tenant. */
export const dedupKey = (meta: WebhookMeta): string =>
  `${meta.vendor}:${meta.tenant}:${meta.eventId}`

/**
 * normalize → key → records, or the dead letter: what the live path, the spool's drain and replay
 * each used to write for themselves. With `verify`, the signature (and freshness) is checked first
 * and a `SignatureError` is thrown as it is: a forged body has no plan. Never throws a
 * `PayloadError`: that is the dead-letter plan.
 */
export function planDelivery(
  webhook: AuthenticWebhook,
  target: RecordTarget,
  verify?: { readonly verifier: Verifier; readonly now: Date }
): DeliveryPlan {
  let result
  try {
    result = normalize(webhook.adapter, {
      body: webhook.body,
      tenant: webhook.tenant,
      ...(verify && { verify: { ...verify, headers: webhook.headers } }),
    })
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error
    const tenant = error.tenant ?? webhook.tenant
    const record = toDeadLetterRecord(
      {
        vendor: webhook.adapter.vendor,
        tenant,
        body: webhook.body,
        headers: keptHeaders(webhook.adapter, webhook.headers),
        reason: error.reason,
        detail: error.detail,
        receivedAt: webhook.receivedAt,
        eventId: error.eventId,
      },
      target.topics
    )
    return { kind: 'dead-letter', failure: error, tenant, record }
  }
  if (result.status === 'ignored') {
    return { kind: 'ignore', meta: result.meta, reason: result.reason }
  }
  const { meta, events } = result
  return {
    kind: 'publish',
    meta,
    key: dedupKey(meta),
    events,
    records: events.map((event) => toTopicRecord(event, target.topics, target.contentMode)),
  }
}
