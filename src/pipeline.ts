import * as v from 'valibot'
import type { RawWebhook, VendorAdapter, Verifier, WebhookMeta } from './adapter/contract.ts'
import { CanonicalEventSchema, type CanonicalEvent } from './canonical/index.ts'
import { toCloudEvents } from './envelope.ts'
import { PayloadError } from './errors.ts'
import { ownValue } from './lookup.ts'

/** The outcome of normalising one authentic webhook. */
export type NormalizeResult =
  | { readonly status: 'mapped'; readonly meta: WebhookMeta; readonly events: CanonicalEvent[] }
  | { readonly status: 'ignored'; readonly meta: WebhookMeta; readonly reason: string }

/** One webhook to normalise. */
export interface NormalizeInput {
  /** The raw body, exactly as received. */
  readonly body: Uint8Array | string
  /** The route's account (`default` where the body names its tenant). */
  readonly tenant: string
  /**
   * Verification, at the edge: the signature on the raw bytes before anything else, freshness on
   * the parsed body. Absent on unsigned paths (the CLI).
   */
  readonly verify?: {
    readonly verifier: Verifier
    readonly headers: RawWebhook['headers']
    readonly now: Date
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * The one way into the pipeline: signature (when asked) → JSON → freshness → identify → look up
 * the mapping → tolerant vendor schema → pure mapping → envelope → strict canonical schema.
 * Throws `SignatureError` (nothing may be published or dead-lettered) or `PayloadError`
 * (authentic but unmappable, with the event id once the body was identified).
 */
export function normalize(adapter: VendorAdapter, input: NormalizeInput): NormalizeResult {
  const { verify } = input
  verify?.verifier.verifySignature({
    body: typeof input.body === 'string' ? Buffer.from(input.body) : input.body,
    headers: verify.headers,
  })
  const body = parseJson(adapter.vendor, input.body)
  if (verify) verify.verifier.checkFreshness?.(body, verify.now, verify.headers)
  const meta = adapter.identify(body, { tenant: input.tenant })
  return mapIdentified(adapter, body, meta)
}

/** Raw bytes → JSON value. Throws `PayloadError` (`invalid_json`) for bad UTF-8 or bad JSON. */
function parseJson(vendor: string, body: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : decoder.decode(body))
  } catch (error) {
    throw new PayloadError(vendor, 'invalid_json', 'body is not UTF-8 JSON', { cause: error })
  }
}

/** The reason of the ignored family `eventType` belongs to, if any. */
function familyReason(adapter: VendorAdapter, eventType: string): string | undefined {
  for (const [prefix, reason] of Object.entries(adapter.ignoredFamilies ?? {})) {
    if (eventType.startsWith(prefix)) return reason
  }
  return undefined
}

function mapIdentified(adapter: VendorAdapter, body: unknown, meta: WebhookMeta): NormalizeResult {
  // Identified: every failure from here on carries the event id (the dead-letter record's key)
  // and the tenant (the body's, where the vendor names it there).
  const fail = (
    reason: 'unknown_event_type' | 'invalid_payload' | 'mapping_failed',
    detail: string,
    cause?: unknown
  ) =>
    new PayloadError(adapter.vendor, reason, detail, {
      eventId: meta.eventId,
      tenant: meta.tenant,
      cause,
    })
  const mapping = ownValue(adapter.events, meta.eventType)
  if (!mapping) {
    const reason =
      ownValue(adapter.ignored, meta.eventType) ?? familyReason(adapter, meta.eventType)
    if (reason !== undefined) return { status: 'ignored', meta, reason }
    throw fail('unknown_event_type', `no mapping for ${meta.eventType}`)
  }
  const parsed = v.safeParse(mapping.schema, body)
  if (!parsed.success) {
    throw fail('invalid_payload', `${meta.eventType}: ${v.summarize(parsed.issues)}`)
  }
  const ignored = mapping.ignores?.(parsed.output)
  if (ignored !== undefined) return { status: 'ignored', meta, reason: ignored }
  let drafts
  try {
    drafts = mapping.toCanonical(parsed.output, meta)
  } catch (error) {
    // A mapping is pure and total over its schema's output; reaching here is a bug, but the body
    // is still authentic, so it is reported as unmappable (dead-lettered) rather than lost.
    throw fail('mapping_failed', `${meta.eventType}: ${String(error)}`, error)
  }
  const events = toCloudEvents(meta, drafts).map((event) => {
    const checked = v.safeParse(CanonicalEventSchema, event)
    if (!checked.success) {
      throw fail(
        'mapping_failed',
        `${meta.eventType}: canonical check failed: ${v.summarize(checked.issues)}`
      )
    }
    return checked.output
  })
  return { status: 'mapped', meta, events }
}
