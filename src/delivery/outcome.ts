import type { Attributes } from '@opentelemetry/api'
import type { WebhookMeta } from '../adapter/contract.ts'
import type { PayloadFailure, SignatureError, UnavailableError } from '../errors.ts'
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

/** How one webhook went: every path of the edge ends in exactly one of these. */
export type WebhookOutcome =
  | {
      readonly kind: 'accepted'
      readonly meta: WebhookMeta
      readonly ids: string[]
      readonly eventTypes: readonly string[]
    }
  | { readonly kind: 'duplicate'; readonly meta: WebhookMeta; readonly ids: string[] }
  | { readonly kind: 'ignored'; readonly meta: WebhookMeta; readonly reason: string }
  | {
      readonly kind: 'dead_lettered'
      readonly tenant: string
      readonly eventId: string | undefined
      readonly reason: PayloadFailure
      readonly detail: string
    }
  | {
      /** Kafka could not acknowledge; the webhook is on the local spool (fsynced), to be drained. */
      readonly kind: 'spooled'
      readonly tenant: string
      /** The canonical ids its events will have (none when it is bound for the dead-letter topic). */
      readonly ids: string[] | undefined
      readonly eventType: string | undefined
      readonly eventId: string | undefined
    }
  | { readonly kind: 'rejected'; readonly error: SignatureError }
  | { readonly kind: 'unavailable'; readonly error: UnavailableError }

/** The outcome's name, as the `switchboard.webhook.outcome` attribute and label give it. */
export type OutcomeKind = WebhookOutcome['kind']

/** What an outcome says about its webhook, in the terms of spans, metrics and the log. */
export interface OutcomeDescription {
  readonly kind: OutcomeKind
  /** Why it was rejected, ignored, dead-lettered or unavailable: a code, never payload text. */
  readonly reason: string | undefined
  readonly tenant: string | undefined
  readonly eventType: string | undefined
  readonly eventId: string | undefined
}

/** The outcome's kind, reason, tenant, event type and id (where the outcome knows them). */
export function describeOutcome(outcome: WebhookOutcome): OutcomeDescription {
  const meta = 'meta' in outcome ? outcome.meta : undefined
  const deadLetter =
    outcome.kind === 'dead_lettered' || outcome.kind === 'spooled' ? outcome : undefined
  return {
    kind: outcome.kind,
    reason:
      outcome.kind === 'rejected' || outcome.kind === 'unavailable'
        ? outcome.error.reason
        : outcome.kind === 'dead_lettered'
          ? outcome.reason
          : outcome.kind === 'ignored'
            ? 'ignored_by_contract'
            : undefined,
    tenant: meta?.tenant ?? deadLetter?.tenant,
    eventType: meta?.eventType ?? (outcome.kind === 'spooled' ? outcome.eventType : undefined),
    eventId: meta?.eventId ?? deadLetter?.eventId,
  }
}

/**
 * The webhook's attributes on its SERVER span, from the same description as its log line:
 * vendor, outcome, reason, tenant, event type and id, and for a webhook that got as far as its
 * event the number of canonical events published. One span per webhook carries all of it (an
 * INTERNAL child span for the same facts doubled the tracing cost per webhook). Never a secret,
 * a signature or the body.
 */
export function outcomeAttributes(
  vendor: string,
  described: Omit<OutcomeDescription, 'kind'> & { readonly kind: OutcomeKind | 'error' },
  outcome: WebhookOutcome | undefined
): Attributes {
  const attributes: Attributes = {
    [ATTR_WEBHOOK_VENDOR]: vendor,
    [ATTR_WEBHOOK_OUTCOME]: described.kind,
  }
  if (described.reason !== undefined) attributes[ATTR_WEBHOOK_REASON] = described.reason
  if (described.tenant !== undefined) attributes[ATTR_WEBHOOK_TENANT] = described.tenant
  if (described.eventType !== undefined) attributes[ATTR_WEBHOOK_EVENT_TYPE] = described.eventType
  if (described.eventId !== undefined) attributes[ATTR_WEBHOOK_EVENT_ID] = described.eventId
  if (outcome !== undefined && 'meta' in outcome) {
    attributes[ATTR_CANONICAL_EVENT_COUNT] = outcome.kind === 'accepted' ? outcome.ids.length : 0
  }
  return attributes
}

/**
 * Counts an outcome once in the metrics: published events by type, de-duplication hits, dead
 * letters by reason, spooled webhooks. The received-webhooks counter, the span's attributes and
 * the log line are written by `observeWebhooks` once the answer is known.
 */
export function countOutcome(outcome: WebhookOutcome, vendor: string): void {
  const metrics = bridgeMetrics()
  switch (outcome.kind) {
    case 'accepted':
      for (const type of outcome.eventTypes) {
        metrics.eventsPublished.add(1, { [ATTR_CANONICAL_EVENT_TYPE]: type })
      }
      break
    case 'duplicate':
      metrics.dedupHits.add(1, { [ATTR_WEBHOOK_VENDOR]: vendor })
      break
    case 'dead_lettered':
      metrics.deadLettered.add(1, {
        [ATTR_WEBHOOK_VENDOR]: vendor,
        [ATTR_WEBHOOK_REASON]: outcome.reason,
      })
      break
    case 'spooled':
      metrics.spooled.add(1, { [ATTR_WEBHOOK_VENDOR]: vendor })
      break
    case 'rejected':
    case 'unavailable':
    case 'ignored':
      break
  }
}
