import { SpanKind, trace, type Span } from '@opentelemetry/api'
import type { VendorAdapter } from '../../adapters/types.ts'
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
import { verifyAndNormalize, type NormalizeResult } from '../pipeline.ts'
import {
  ATTR_CANONICAL_EVENT_COUNT,
  ATTR_CANONICAL_EVENT_TYPE,
  ATTR_WEBHOOK_EVENT_ID,
  ATTR_WEBHOOK_EVENT_TYPE,
  ATTR_WEBHOOK_OUTCOME,
  ATTR_WEBHOOK_REASON,
  ATTR_WEBHOOK_TENANT,
  ATTR_WEBHOOK_VENDOR,
} from '../telemetry/attributes.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import { failSpan } from '../telemetry/span-error.ts'

/** What the webhook path needs besides the request. */
export interface WebhookDeps {
  readonly publisher: Publisher
  readonly dedup: DedupWindow
  readonly topics: Topics
  readonly contentMode: ContentMode
  readonly toleranceSeconds: number
  readonly now: () => Date
}

/** One received webhook: the route's vendor and tenant, the secrets for it, the raw request. */
export interface WebhookRequest {
  readonly adapter: VendorAdapter
  /** HelpCrunch account from the route; Plain names its workspace in the body. */
  readonly tenant: string
  readonly secrets: readonly string[]
  readonly body: Uint8Array
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
}

/** The answer to a webhook that was authentic: the status-code contract's 2xx half. */
export type WebhookAnswer =
  | { readonly httpStatus: 202; readonly body: { status: 'accepted'; ids: string[] } }
  | { readonly httpStatus: 200; readonly body: { status: 'duplicate'; ids: string[] } }
  | { readonly httpStatus: 202; readonly body: { status: 'ignored'; reason: string } }
  | {
      readonly httpStatus: 202
      readonly body: { status: 'dead_lettered'; reason: string; detail: string }
    }

/**
 * The edge path of one webhook, inside an INTERNAL `normalize <vendor>` span that covers it from
 * the signature to Kafka's acknowledgement and carries the vendor event type and id, the tenant,
 * the number of canonical events and the outcome. The signature is checked on the raw bytes before
 * anything else (a `SignatureError` propagates: 401, nothing published or dead-lettered). An
 * authentic body that cannot be mapped is dead-lettered, raw, and answered 202 only after Kafka
 * acknowledged it. Mapped events are published once per vendor event (de-duplicated) and answered
 * 202 only after Kafka acknowledged all of them; a failure to publish is a 503 so the vendor retries.
 */
export function handleWebhook(deps: WebhookDeps, request: WebhookRequest): Promise<WebhookAnswer> {
  return trace
    .getTracer('switchboard')
    .startActiveSpan(
      `normalize ${request.adapter.vendor}`,
      { kind: SpanKind.INTERNAL, attributes: { [ATTR_WEBHOOK_VENDOR]: request.adapter.vendor } },
      async (span) => {
        try {
          const answer = await handle(deps, request, span)
          span.setAttribute(ATTR_WEBHOOK_OUTCOME, answer.body.status)
          return answer
        } catch (error) {
          recordFailure(span, error)
          throw error
        } finally {
          span.end()
        }
      }
    )
}

async function handle(
  deps: WebhookDeps,
  request: WebhookRequest,
  span: Span
): Promise<WebhookAnswer> {
  const { adapter } = request
  let result: NormalizeResult
  try {
    result = verifyAndNormalize(
      adapter,
      { body: request.body, headers: request.headers },
      { secrets: request.secrets, now: deps.now, toleranceSeconds: deps.toleranceSeconds },
      { tenant: request.tenant }
    )
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error
    span.setAttributes({
      [ATTR_WEBHOOK_TENANT]: request.tenant,
      [ATTR_WEBHOOK_REASON]: error.reason,
      ...(error.eventId !== undefined && { [ATTR_WEBHOOK_EVENT_ID]: error.eventId }),
    })
    await publish(deps, [
      toDeadLetterRecord(
        {
          vendor: adapter.vendor,
          tenant: request.tenant,
          body: request.body,
          headers: vendorHeaders(adapter, request.headers),
          reason: error.reason,
          detail: error.detail,
          receivedAt: deps.now(),
          eventId: error.eventId,
        },
        deps.topics
      ),
    ])
    bridgeMetrics().deadLettered.add(1, {
      [ATTR_WEBHOOK_VENDOR]: adapter.vendor,
      [ATTR_WEBHOOK_REASON]: error.reason,
    })
    return {
      httpStatus: 202,
      body: { status: 'dead_lettered', reason: error.reason, detail: error.detail },
    }
  }
  span.setAttributes({
    [ATTR_WEBHOOK_EVENT_TYPE]: result.meta.eventType,
    [ATTR_WEBHOOK_EVENT_ID]: result.meta.eventId,
    [ATTR_WEBHOOK_TENANT]: result.meta.tenant,
    [ATTR_CANONICAL_EVENT_COUNT]: result.status === 'mapped' ? result.events.length : 0,
  })
  if (result.status === 'ignored') {
    span.setAttribute(ATTR_WEBHOOK_REASON, 'ignored_by_contract')
    return { httpStatus: 202, body: { status: 'ignored', reason: result.reason } }
  }
  const ids = result.events.map((event) => event.id)
  const records = result.events.map((event) => toTopicRecord(event, deps.topics, deps.contentMode))
  const key = `${result.meta.vendor}:${result.meta.tenant}:${result.meta.eventId}`
  const outcome = await deps.dedup.runOnce(key, () => publish(deps, records))
  const metrics = bridgeMetrics()
  if (outcome === 'duplicate') {
    metrics.dedupHits.add(1, { [ATTR_WEBHOOK_VENDOR]: adapter.vendor })
    return { httpStatus: 200, body: { status: 'duplicate', ids } }
  }
  for (const event of result.events) {
    metrics.eventsPublished.add(1, { [ATTR_CANONICAL_EVENT_TYPE]: event.type })
  }
  return { httpStatus: 202, body: { status: 'accepted', ids } }
}

/**
 * A rejected (401) or unavailable (503) webhook on its span: an error status with the error's
 * class and reason code; never a secret, a signature or the body.
 */
function recordFailure(span: Span, error: unknown): void {
  const known = error instanceof SignatureError || error instanceof UnavailableError
  span.setAttributes({
    [ATTR_WEBHOOK_OUTCOME]:
      error instanceof SignatureError
        ? 'rejected'
        : error instanceof UnavailableError
          ? 'unavailable'
          : 'error',
    ...(known && { [ATTR_WEBHOOK_REASON]: error.reason }),
  })
  failSpan(span, error, known ? error.reason : 'unexpected error')
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
function vendorHeaders(
  adapter: VendorAdapter,
  headers: Readonly<Record<string, string>>
): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (
      name === 'content-type' ||
      name === 'user-agent' ||
      name === adapter.signatureHeader ||
      name.startsWith(adapter.headerPrefix)
    ) {
      kept[name] = value
    }
  }
  return kept
}
