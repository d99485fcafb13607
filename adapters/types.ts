import type * as v from 'valibot'
import type { CanonicalDraft, CanonicalEventType, Vendor } from '../src/canonical/index.ts'

/** The request as received: raw body bytes (never re-serialised) and lower-case header names. */
export interface RawWebhook {
  readonly body: Uint8Array
  readonly headers: Readonly<Record<string, string | undefined>>
}

/** What the pipeline knows of a webhook once it is parsed and identified. */
export interface WebhookMeta {
  readonly vendor: Vendor
  /** The vendor's event type, e.g. `thread.thread_created` or `chat.new`. */
  readonly eventType: string
  /** The vendor's event id: the same on every delivery attempt (idempotency key). */
  readonly eventId: string
  /** Plain workspace id or HelpCrunch account name. */
  readonly tenant: string
}

/** One vendor event type: a tolerant valibot schema and a pure mapping to canonical drafts. */
export interface EventMapping<TSchema extends v.GenericSchema = v.GenericSchema> {
  readonly schema: TSchema
  /** No I/O, no clock, no randomness: the same payload always gives the same drafts. */
  toCanonical(payload: v.InferOutput<TSchema>, meta: WebhookMeta): CanonicalDraft[]
}

/** Options of a signature check. */
export interface VerifyOptions {
  /** Every secret currently accepted (several during a rotation). */
  readonly secrets: readonly string[]
  /** The clock, injectable for tests. */
  readonly now: () => Date
  /** Largest accepted distance between the vendor's signed timestamp and `now` (Plain only). */
  readonly toleranceSeconds: number
}

/** What every vendor adapter provides. One object per vendor, registered in adapters/index.ts. */
export interface VendorAdapter {
  readonly vendor: Vendor
  /** Lower-case name of the signature header; kept on dead-lettered records so a replay can re-verify. */
  readonly signatureHeader: string
  /** Lower-case prefix of the vendor's own request headers (`plain-`), kept on dead-lettered records. */
  readonly headerPrefix: string
  /** Throws `SignatureError`. Raw bytes, constant-time comparison, each secret in turn. */
  verifySignature(request: RawWebhook, options: VerifyOptions): void
  /** Replay protection on the parsed, authentic body where the vendor signs a timestamp. Throws `SignatureError`. */
  checkFreshness?(body: unknown, options: VerifyOptions): void
  /** Event type, id and tenant of a parsed body. Throws `PayloadError` (`not_a_webhook`). */
  identify(body: unknown, context: { readonly tenant: string }): WebhookMeta
  /** Mapped event types. */
  readonly events: Readonly<Record<string, EventMapping>>
  /** Event types the contract acknowledges without publishing, with the reason. */
  readonly ignored: Readonly<Record<string, string>>
  /** What `docs/mapping.md` says of this vendor; a test holds it to the mappings' real output. */
  readonly docs: AdapterDocs
}

/** The documentation of one adapter's mapping, rendered into `docs/mapping.md`. */
export interface AdapterDocs {
  /** Display name and the vendor documentation it follows. */
  readonly title: string
  readonly reference: string
  /** Markdown: how vendor objects become canonical conversations, customers, parties. */
  readonly fieldMapping: string
  /** Per mapped event type: the canonical types it can emit and what is worth knowing. */
  readonly events: Readonly<
    Record<string, { readonly produces: readonly CanonicalEventType[]; readonly notes: string }>
  >
}
