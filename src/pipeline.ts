import * as v from 'valibot'
import type { RawWebhook, VendorAdapter, VerifyOptions, WebhookMeta } from '../adapters/types.ts'
import { CanonicalEventSchema, type CanonicalEvent } from './canonical/index.ts'
import { toCloudEvents } from './envelope.ts'
import { PayloadError } from './errors.ts'
import { ownValue } from './lookup.ts'

/** The outcome of normalising one authentic webhook. */
export type NormalizeResult =
  | { readonly status: 'mapped'; readonly meta: WebhookMeta; readonly events: CanonicalEvent[] }
  | { readonly status: 'ignored'; readonly meta: WebhookMeta; readonly reason: string }

/** Where a webhook came from, beyond its body: the HelpCrunch account (Plain names its workspace in the body). */
export interface NormalizeContext {
  readonly tenant: string
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** Raw bytes → JSON value. Throws `PayloadError` (`invalid_json`) for bad UTF-8 or bad JSON. */
export function parseJsonBody(vendor: string, body: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : decoder.decode(body))
  } catch (error) {
    throw new PayloadError(vendor, 'invalid_json', 'body is not UTF-8 JSON', { cause: error })
  }
}

/**
 * Parsed body → canonical events: identify → look up the mapping → tolerant vendor schema →
 * pure mapping → envelope → strict canonical schema. Throws only `PayloadError`.
 */
export function normalizeParsed(
  adapter: VendorAdapter,
  body: unknown,
  context: NormalizeContext
): NormalizeResult {
  const meta = adapter.identify(body, context)
  try {
    return mapIdentified(adapter, body, meta)
  } catch (error) {
    // Identified but unmappable: keep the event id, the dead-letter record is keyed by it.
    if (error instanceof PayloadError && error.eventId === undefined) {
      throw new PayloadError(error.vendor, error.reason, error.detail, {
        cause: error,
        eventId: meta.eventId,
      })
    }
    throw error
  }
}

function mapIdentified(adapter: VendorAdapter, body: unknown, meta: WebhookMeta): NormalizeResult {
  const mapping = ownValue(adapter.events, meta.eventType)
  if (!mapping) {
    const reason = ownValue(adapter.ignored, meta.eventType)
    if (reason !== undefined) return { status: 'ignored', meta, reason }
    throw new PayloadError(adapter.vendor, 'unknown_event_type', `no mapping for ${meta.eventType}`)
  }
  const parsed = v.safeParse(mapping.schema, body)
  if (!parsed.success) {
    throw new PayloadError(
      adapter.vendor,
      'invalid_payload',
      `${meta.eventType}: ${v.summarize(parsed.issues)}`
    )
  }
  let drafts
  try {
    drafts = mapping.toCanonical(parsed.output, meta)
  } catch (error) {
    // A mapping is pure and total over its schema's output; reaching here is a bug, but the body
    // is still authentic, so it is reported as unmappable (dead-lettered) rather than lost.
    throw new PayloadError(
      adapter.vendor,
      'mapping_failed',
      `${meta.eventType}: ${String(error)}`,
      {
        cause: error,
      }
    )
  }
  const events = toCloudEvents(meta, drafts).map((event) => {
    const checked = v.safeParse(CanonicalEventSchema, event)
    if (!checked.success) {
      throw new PayloadError(
        adapter.vendor,
        'mapping_failed',
        `${meta.eventType}: canonical check failed: ${v.summarize(checked.issues)}`
      )
    }
    return checked.output
  })
  return { status: 'mapped', meta, events }
}

/** Unsigned path (CLI, replays of verified records): raw bytes → canonical events. Throws `PayloadError`. */
export function normalizeBody(
  adapter: VendorAdapter,
  body: Uint8Array | string,
  context: NormalizeContext
): NormalizeResult {
  return normalizeParsed(adapter, parseJsonBody(adapter.vendor, body), context)
}

/**
 * The whole edge path: signature on the raw bytes first, then JSON, then the vendor's freshness
 * check, then mapping. Throws `SignatureError` (nothing may be published or dead-lettered) or
 * `PayloadError` (authentic but unmappable).
 */
export function verifyAndNormalize(
  adapter: VendorAdapter,
  request: RawWebhook,
  options: VerifyOptions,
  context: NormalizeContext
): NormalizeResult {
  adapter.verifySignature(request, options)
  const body = parseJsonBody(adapter.vendor, request.body)
  adapter.checkFreshness?.(body, options)
  return normalizeParsed(adapter, body, context)
}
