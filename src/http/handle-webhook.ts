import { context, propagation, SpanKind, trace } from '@opentelemetry/api'
import type { VendorAdapter, Verifier } from '../adapter/contract.ts'
import type { DedupWindow } from '../dedup/dedup-window.ts'
import { PayloadError, SignatureError, UnavailableError } from '../errors.ts'
import type { Publisher } from '../kafka/kafka-publisher.ts'
import {
  toDeadLetterRecord,
  toTopicRecord,
  type ContentMode,
  type Topics,
  type TopicRecord,
} from '../kafka/records.ts'
import type { Logger } from '../log.ts'
import { SpoolClosedError, SpoolFullError } from '../spool/errors.ts'
import type { WebhookSpool } from '../spool/webhook-spool.ts'
import { normalize, type NormalizeResult } from '../pipeline.ts'
import { ATTR_WEBHOOK_OUTCOME, ATTR_WEBHOOK_VENDOR } from '../telemetry/attributes.ts'
import { failSpan } from '../telemetry/span-error.ts'
import { recordOutcome, type WebhookOutcome } from './webhook-outcome.ts'

/** What the webhook path needs besides the request. */
export interface WebhookDeps {
  readonly publisher: Publisher
  readonly dedup: DedupWindow
  readonly topics: Topics
  readonly contentMode: ContentMode
  readonly now: () => Date
  readonly logger: Logger
  /** The durable spool (`SPOOL_DIR`), when configured. */
  readonly spool?: WebhookSpool
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

/**
 * The edge path of one webhook, inside an INTERNAL `normalize <vendor>` span that covers it from
 * the signature to Kafka's acknowledgement. The signature is checked on the raw bytes before
 * anything else (`rejected`: nothing published or dead-lettered). An authentic body that cannot
 * be mapped is dead-lettered, raw, and `dead_lettered` only after Kafka acknowledged it. Mapped
 * events are published once per vendor event (de-duplicated) and `accepted` only after Kafka
 * acknowledged all of them; a failure to publish is `unavailable`, so the vendor retries. The
 * outcome is recorded once (`recordOutcome`); only a bug throws.
 */
export function handleWebhook(deps: WebhookDeps, request: WebhookRequest): Promise<WebhookOutcome> {
  const { vendor } = request.adapter
  return trace
    .getTracer('switchboard')
    .startActiveSpan(
      `normalize ${vendor}`,
      { kind: SpanKind.INTERNAL, attributes: { [ATTR_WEBHOOK_VENDOR]: vendor } },
      async (span) => {
        try {
          const outcome = await handle(deps, request)
          recordOutcome(outcome, vendor, span)
          return outcome
        } catch (error) {
          span.setAttribute(ATTR_WEBHOOK_OUTCOME, 'error')
          failSpan(span, error, 'unexpected error')
          throw error
        } finally {
          span.end()
        }
      }
    )
}

async function handle(deps: WebhookDeps, request: WebhookRequest): Promise<WebhookOutcome> {
  let result: NormalizeResult
  try {
    result = normalize(request.adapter, {
      body: request.body,
      tenant: request.tenant,
      verify: { verifier: request.verifier, headers: request.headers, now: deps.now() },
    })
  } catch (error) {
    if (error instanceof SignatureError) return { kind: 'rejected', error }
    if (error instanceof PayloadError) return deadLetter(deps, request, error)
    throw error
  }
  if (result.status === 'ignored') {
    return { kind: 'ignored', meta: result.meta, reason: result.reason }
  }
  const { meta, events } = result
  const ids = events.map((event) => event.id)
  const key = `${meta.vendor}:${meta.tenant}:${meta.eventId}`
  const known = { eventType: meta.eventType, eventId: meta.eventId, ids }
  if (deps.spool?.active) {
    return deps.dedup.isPublished(key)
      ? { kind: 'duplicate', meta, ids }
      : spool(deps, deps.spool, request, known)
  }
  const records = events.map((event) => toTopicRecord(event, deps.topics, deps.contentMode))
  try {
    const published = await deps.dedup.runOnce(key, () => publish(deps, records))
    return published === 'duplicate'
      ? { kind: 'duplicate', meta, ids }
      : { kind: 'accepted', meta, ids, eventTypes: events.map((event) => event.type) }
  } catch (error) {
    if (!(error instanceof UnavailableError)) throw error
    // Kafka's absence is what the spool is for; a claim held by another bridge is not: the
    // drain publishes without claims, so spooling it could publish it twice.
    const spoolable = error.reason === 'kafka_unavailable' || error.reason === 'publish_failed'
    return deps.spool && spoolable
      ? spool(deps, deps.spool, request, known)
      : { kind: 'unavailable', error }
  }
}

/**
 * Appends the authentic webhook to the spool (fsynced) and answers `spooled`; `unavailable`
 * (503 `spool_full`) once `SPOOL_MAX_BYTES` is reached.
 */
async function spool(
  deps: WebhookDeps,
  target: WebhookSpool,
  request: WebhookRequest,
  known: { eventType?: string; eventId: string | undefined; ids?: string[] }
): Promise<WebhookOutcome> {
  // The webhook's own trace context, so its records continue that trace when drained.
  const carrier: Record<string, string> = {}
  propagation.inject(context.active(), carrier)
  try {
    await target.append({
      vendor: request.adapter.vendor,
      tenant: request.tenant,
      receivedAt: deps.now().getTime(),
      headers: keptHeaders(request.adapter, request.headers),
      traceparent: carrier['traceparent'],
      body: request.body,
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
    tenant: request.tenant,
    eventType: known.eventType,
    eventId: known.eventId,
    ids: known.ids,
  }
}

/** The raw body and the vendor's headers on the dead-letter topic; `unavailable` when Kafka does not acknowledge. */
async function deadLetter(
  deps: WebhookDeps,
  request: WebhookRequest,
  error: PayloadError
): Promise<WebhookOutcome> {
  if (deps.spool?.active) return spool(deps, deps.spool, request, { eventId: error.eventId })
  // The body's tenant where it was identified (a workspace id), else the route's account.
  const tenant = error.tenant ?? request.tenant
  const record = toDeadLetterRecord(
    {
      vendor: request.adapter.vendor,
      tenant,
      body: request.body,
      headers: keptHeaders(request.adapter, request.headers),
      reason: error.reason,
      detail: error.detail,
      receivedAt: deps.now(),
      eventId: error.eventId,
    },
    deps.topics
  )
  try {
    await publish(deps, [record])
  } catch (failure) {
    if (!(failure instanceof UnavailableError)) throw failure
    return deps.spool
      ? spool(deps, deps.spool, request, { eventId: error.eventId })
      : { kind: 'unavailable', error: failure }
  }
  return {
    kind: 'dead_lettered',
    tenant,
    eventId: error.eventId,
    reason: error.reason,
    detail: error.detail,
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

/** The request headers a dead-letter record keeps: the vendor's own (signature included), content type, user agent. */
function keptHeaders(
  adapter: VendorAdapter,
  headers: Readonly<Record<string, string>>
): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-type' || name === 'user-agent' || adapter.keepsHeader(name)) {
      kept[name] = value
    }
  }
  return kept
}
