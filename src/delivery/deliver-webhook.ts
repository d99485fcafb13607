import { context, propagation } from '@opentelemetry/api'
import type { VendorAdapter, Verifier } from '../adapter/contract.ts'
import type { DedupWindow } from '../dedup/dedup-window.ts'
import { SignatureError, UnavailableError } from '../errors.ts'
import type { Publisher } from '../kafka/kafka-publisher.ts'
import type { TopicRecord } from '../kafka/records.ts'
import type { Logger } from '../log.ts'
import { SpoolClosedError, SpoolFullError } from '../spool/errors.ts'
import { keptHeaders } from './kept-headers.ts'
import { countOutcome, type WebhookOutcome } from './outcome.ts'
import {
  planDelivery,
  type AuthenticWebhook,
  type DeliveryPlan,
  type RecordTarget,
} from './plan.ts'
import type { SpoolDrain } from './spool-drain.ts'

/** What the live path needs besides the request. */
export interface WebhookDeps extends RecordTarget {
  readonly publisher: Publisher
  readonly dedup: DedupWindow
  readonly now: () => Date
  readonly logger: Logger
  /** The durable spool (`SPOOL_DIR`), when configured. */
  readonly spool?: SpoolDrain
}

/** One received webhook: its vendor, the route's tenant and verifier, the raw request. */
export interface WebhookRequest {
  readonly adapter: VendorAdapter
  /** The route's account (`default` where the body names its tenant). */
  readonly tenant: string
  /** Bound at start to this route's secrets. */
  readonly verifier: Verifier
  readonly body: Uint8Array
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
}

/** The part of a plan that publishes events. */
type PublishPlan = Extract<DeliveryPlan, { kind: 'publish' }>
/** What a spooled answer can say of the webhook before it is drained. */
type Known = { eventType?: string; eventId: string | undefined; ids?: string[] }

/**
 * The live path of one webhook, from the signature to Kafka's acknowledgement, traced on the
 * request's SERVER span (the active context: each record's `traceparent` names it). The plan
 * (`planDelivery`) checks the signature on the raw bytes before anything else (`rejected`: nothing
 * published or dead-lettered). An authentic body that cannot be mapped is dead-lettered, raw, and
 * `dead_lettered` only after Kafka acknowledged it. Mapped events are published once per vendor
 * event (de-duplicated) and `accepted` only after Kafka acknowledged all of them; a failure to
 * publish is `unavailable`, so the vendor retries, or `spooled` with a spool. The outcome is
 * counted once (`countOutcome`); only a bug throws.
 */
export async function deliverWebhook(
  deps: WebhookDeps,
  request: WebhookRequest
): Promise<WebhookOutcome> {
  const outcome = await deliver(deps, request)
  countOutcome(outcome, request.adapter.vendor)
  return outcome
}

async function deliver(deps: WebhookDeps, request: WebhookRequest): Promise<WebhookOutcome> {
  const webhook: AuthenticWebhook = { ...request, receivedAt: deps.now() }
  let plan: DeliveryPlan
  try {
    plan = planDelivery(webhook, deps, { verifier: request.verifier, now: webhook.receivedAt })
  } catch (error) {
    if (error instanceof SignatureError) return { kind: 'rejected', error }
    throw error
  }
  switch (plan.kind) {
    case 'ignore':
      return { kind: 'ignored', meta: plan.meta, reason: plan.reason }
    case 'dead-letter':
      return deadLetter(deps, webhook, plan)
    case 'publish':
      return publishOnce(deps, webhook, plan)
  }
}

/** The events, published once per vendor event; spooled while Kafka cannot acknowledge. */
async function publishOnce(
  deps: WebhookDeps,
  webhook: AuthenticWebhook,
  plan: PublishPlan
): Promise<WebhookOutcome> {
  const { meta, key } = plan
  const ids = plan.events.map((event) => event.id)
  const known = { eventType: meta.eventType, eventId: meta.eventId, ids }
  if (deps.spool?.active) {
    return deps.dedup.isPublished(key)
      ? { kind: 'duplicate', meta, ids }
      : spool(deps.spool, webhook, known)
  }
  try {
    const published = await deps.dedup.runOnce(key, () => publish(deps, plan.records))
    return published === 'duplicate'
      ? { kind: 'duplicate', meta, ids }
      : { kind: 'accepted', meta, ids, eventTypes: plan.events.map((event) => event.type) }
  } catch (error) {
    if (!(error instanceof UnavailableError)) throw error
    // Kafka's absence is what the spool is for; a claim held by another bridge is not: the
    // drain publishes without claims, so spooling it could publish it twice.
    const spoolable = error.reason === 'kafka_unavailable' || error.reason === 'publish_failed'
    return deps.spool && spoolable
      ? spool(deps.spool, webhook, known)
      : { kind: 'unavailable', error }
  }
}

/** The raw body and the vendor's headers on the dead-letter topic; `unavailable` when Kafka does not acknowledge. */
async function deadLetter(
  deps: WebhookDeps,
  webhook: AuthenticWebhook,
  plan: Extract<DeliveryPlan, { kind: 'dead-letter' }>
): Promise<WebhookOutcome> {
  const { failure, tenant } = plan
  const known = { eventId: failure.eventId }
  if (deps.spool?.active) return spool(deps.spool, webhook, known)
  try {
    await publish(deps, [plan.record])
  } catch (error) {
    if (!(error instanceof UnavailableError)) throw error
    return deps.spool ? spool(deps.spool, webhook, known) : { kind: 'unavailable', error }
  }
  return {
    kind: 'dead_lettered',
    tenant,
    eventId: failure.eventId,
    reason: failure.reason,
    detail: failure.detail,
  }
}

/**
 * Appends the authentic webhook to the spool (fsynced) and answers `spooled`; `unavailable`
 * (503 `spool_full`) once `SPOOL_MAX_BYTES` is reached.
 */
async function spool(
  target: SpoolDrain,
  webhook: AuthenticWebhook,
  known: Known
): Promise<WebhookOutcome> {
  // The webhook's own trace context, so its records continue that trace when drained.
  const carrier: Record<string, string> = {}
  propagation.inject(context.active(), carrier)
  try {
    await target.append({
      vendor: webhook.adapter.vendor,
      tenant: webhook.tenant,
      receivedAt: webhook.receivedAt.getTime(),
      headers: keptHeaders(webhook.adapter, webhook.headers),
      traceparent: carrier['traceparent'],
      body: webhook.body,
    })
  } catch (error) {
    const full = error instanceof SpoolFullError
    if (!full && !(error instanceof SpoolClosedError)) throw error
    return {
      kind: 'unavailable',
      error: full
        ? new UnavailableError('spool_full', 'Kafka is unreachable and the spool is full', {
            cause: error,
          })
        : new UnavailableError('spool_unavailable', 'Kafka is unreachable and the spool failed', {
            cause: error,
          }),
    }
  }
  return {
    kind: 'spooled',
    tenant: webhook.tenant,
    eventType: known.eventType,
    eventId: known.eventId,
    ids: known.ids,
  }
}

/** Publishes or throws `UnavailableError`: fast while Kafka is known to be down, after the send otherwise. */
async function publish(deps: WebhookDeps, records: readonly TopicRecord[]): Promise<void> {
  if (!deps.publisher.ready) throw new UnavailableError('kafka_unavailable', 'Kafka is unreachable')
  try {
    await deps.publisher.publish(records)
  } catch (error) {
    throw new UnavailableError('publish_failed', 'Kafka did not acknowledge the events', {
      cause: error,
    })
  }
}
