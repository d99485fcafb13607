import type { VendorAdapter } from '../../adapters/types.ts'
import type { DedupWindow } from '../dedup/dedup-window.ts'
import { PayloadError, UnavailableError } from '../errors.ts'
import type { Publisher } from '../kafka/kafka-publisher.ts'
import {
  toDeadLetterRecord,
  toTopicRecord,
  type ContentMode,
  type Topics,
  type TopicRecord,
} from '../kafka/records.ts'
import { verifyAndNormalize, type NormalizeResult } from '../pipeline.ts'

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

/** How the webhook went, for metrics and tracing. */
export interface WebhookReport {
  readonly answer: WebhookAnswer
  readonly result: NormalizeResult | undefined
}

/**
 * The edge path of one webhook. The signature is checked on the raw bytes before anything else
 * (a `SignatureError` propagates: 401, nothing published or dead-lettered). An authentic body
 * that cannot be mapped is dead-lettered, raw, and answered 202 only after Kafka acknowledged it.
 * Mapped events are published once per vendor event (de-duplicated) and answered 202 only after
 * Kafka acknowledged all of them; a failure to publish is a 503 so the vendor retries.
 */
export async function handleWebhook(
  deps: WebhookDeps,
  request: WebhookRequest
): Promise<WebhookReport> {
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
    return {
      answer: {
        httpStatus: 202,
        body: { status: 'dead_lettered', reason: error.reason, detail: error.detail },
      },
      result: undefined,
    }
  }
  if (result.status === 'ignored') {
    return {
      answer: { httpStatus: 202, body: { status: 'ignored', reason: result.reason } },
      result,
    }
  }
  const ids = result.events.map((event) => event.id)
  const records = result.events.map((event) => toTopicRecord(event, deps.topics, deps.contentMode))
  const key = `${result.meta.vendor}:${result.meta.tenant}:${result.meta.eventId}`
  const outcome = await deps.dedup.runOnce(key, () => publish(deps, records))
  return outcome === 'duplicate'
    ? { answer: { httpStatus: 200, body: { status: 'duplicate', ids } }, result }
    : { answer: { httpStatus: 202, body: { status: 'accepted', ids } }, result }
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
