import type * as v from 'valibot'
import type { CanonicalDraft, CanonicalEventType } from '../canonical/index.ts'

/** The request as received: raw body bytes (never re-serialised) and lower-case header names. */
export interface RawWebhook {
  readonly body: Uint8Array
  readonly headers: Readonly<Record<string, string | undefined>>
}

/** What the pipeline knows of a webhook once it is parsed and identified. */
export interface WebhookMeta {
  /** The adapter's `vendor`. */
  readonly vendor: string
  /** The vendor's event type, e.g. `thread.thread_created` or `chat.new`. */
  readonly eventType: string
  /** The vendor's event id: the same on every delivery attempt (idempotency key). */
  readonly eventId: string
  /** The tenant: named in the body, or the account of the route. */
  readonly tenant: string
}

/** One vendor event type: a tolerant valibot schema and a pure mapping to canonical drafts. */
export interface EventMapping<TSchema extends v.GenericSchema = v.GenericSchema> {
  readonly schema: TSchema
  /** No I/O, no clock, no randomness: the same payload always gives the same drafts. */
  toCanonical(payload: v.InferOutput<TSchema>, meta: WebhookMeta): CanonicalDraft[]
  /**
   * Where the contract acknowledges some payloads of this type without publishing them (a user
   * event about an agent, where only customers are published): the reason for such a payload,
   * `undefined` for one that maps. Pure, like `toCanonical`; the webhook is answered `ignored`.
   */
  ignores?(payload: v.InferOutput<TSchema>): string | undefined
}

/**
 * Verification bound once, at start, to one tenant's settings (its secrets, its tolerance), as
 * standard-webhooks binds `new Webhook(secret)`; requests then carry only themselves.
 */
export interface Verifier {
  /** Throws `SignatureError`. Raw bytes, constant-time comparison, each secret in turn. */
  verifySignature(request: RawWebhook): void
  /**
   * Replay protection on the authentic request, where the vendor signs a timestamp (in the parsed
   * body or in a header). Throws `SignatureError` (stale) or `PayloadError` (authentic but not a
   * webhook of this vendor).
   */
  checkFreshness?(body: unknown, now: Date, headers: RawWebhook['headers']): void
}

/** Reads a file as UTF-8 text; `loadConfig` takes one so tests need no files. */
export type ReadFile = (path: string) => string

/** A body as a vendor would deliver it, and the headers it would send with it. */
export interface SignedWebhook {
  readonly body: Uint8Array
  /** Lower-case names: the signature and any other header the vendor signs with. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Signs like the vendor does, for operators and tests (`switchboard sign|send`); the inverse of
 * `Verifier`. Method syntax: the registry holds any settings type.
 */
export interface Signer<TSettings = unknown> {
  /** The secrets an account's settings hold, in the order the verifier tries them. */
  secrets(settings: TSettings): readonly string[]
  /**
   * The body as the vendor would send it at `now` (rewritten where the vendor signs a delivery
   * time in it, otherwise the same bytes) and its headers. Throws `PayloadError` for a body that
   * cannot be rewritten.
   */
  sign(body: Uint8Array, secret: string, now: Date): SignedWebhook
}

/**
 * Where a webhook's tenant comes from. `body`: one route, `/webhooks/<vendor>`, and the body names
 * its tenant (e.g. a workspace id). `account`: `/webhooks/<vendor>` serves the `default` account and
 * `/webhooks/<vendor>/<account>` each configured one, and the account is the tenant (for vendors
 * whose bodies do not name it).
 */
export type Tenancy = 'body' | 'account'

/** One environment variable a vendor reads, as `docs/configuration.md` lists it (generated). */
export interface SettingVariable {
  /** The name; `<NAME>` stands for an account name in per-account variables. */
  readonly name: string
  /** The default as written in the docs, when there is one. */
  readonly default?: string
  /** Markdown, one line: what it means, for the docs' table. */
  readonly meaning: string
  /**
   * Holds secrets (a list of signing secrets or keys). The deployment kit gives such a variable
   * only as its `_FILE` twin, mounted from a secret; tests and docs check that for every vendor.
   */
  readonly secret?: true
}

/** What reading a vendor's variables gave: settings per account, or every problem found. */
export type SettingsResult<TSettings> =
  | { readonly ok: true; readonly accounts: Readonly<Record<string, TSettings>> }
  | { readonly ok: false; readonly problems: readonly string[] }

/** A vendor's own configuration: its variables and how they become settings per account. */
export interface VendorSettings<TSettings> {
  readonly variables: readonly SettingVariable[]
  /**
   * Reads the vendor's variables from the whole environment (files of `_FILE` variables with
   * `readFile`). Always yields a `default` account; `account` tenancy may add named ones. Each
   * problem names its variable and never shows a secret.
   */
  parse(
    env: Readonly<Record<string, string | undefined>>,
    readFile: ReadFile
  ): SettingsResult<TSettings>
}

/**
 * Everything vendor-specific, in one object per vendor, registered in `adapters/index.ts`: the
 * route and tenancy, the settings, the verifier, the headers a dead letter keeps, identification,
 * the event mappings and their docs. Nothing outside the vendor's folder names the vendor.
 */
export interface VendorAdapter<TSettings = unknown> {
  /** Lower-case name: the route segment, the `vendor` attribute, the metrics label, the CLI argument. */
  readonly vendor: string
  readonly tenancy: Tenancy
  readonly settings: VendorSettings<TSettings>
  /** Binds verification to one account's settings (method syntax: the registry holds any settings type). */
  createVerifier(settings: TSettings): Verifier
  /** How to sign a body as the vendor would; absent for a vendor the CLI cannot sign for. */
  readonly signer?: Signer<TSettings>
  /**
   * True for a (lower-case) request header a dead-letter record keeps besides `content-type` and
   * `user-agent`: the signature and the vendor's own headers, so a replay can re-verify.
   */
  keepsHeader(name: string): boolean
  /** Event type, id and tenant of a parsed body. Throws `PayloadError` (`not_a_webhook`). */
  identify(body: unknown, context: { readonly tenant: string }): WebhookMeta
  /** Mapped event types. */
  readonly events: Readonly<Record<string, EventMapping>>
  /** Event types the contract acknowledges without publishing, with the reason. */
  readonly ignored: Readonly<Record<string, string>>
  /**
   * Families of event types acknowledged the same way, by prefix (`article.`), with the reason:
   * for a vendor whose catalogue names whole families rather than each type. An exact entry in
   * `events` or `ignored` wins over a family.
   */
  readonly ignoredFamilies?: Readonly<Record<string, string>>
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

/** The adapters a process serves, in a stable order. */
export type Registry = readonly VendorAdapter[]

/** The adapter named `vendor`, or `undefined`. */
export const adapterFor = (registry: Registry, vendor: string): VendorAdapter | undefined =>
  registry.find((adapter) => adapter.vendor === vendor)

/**
 * What the shared tests need of a vendor, exported as `testKit` from `adapters/<vendor>/test-kit.ts`
 * so that golden, determinism, HTTP, CLI and deploy-kit tests pick a new vendor up from the
 * registry alone. Test-only: nothing in `src/` imports it.
 */
export interface VendorTestKit {
  /**
   * The vendor's variables configuring `secret` for every account the tests post to: `default`,
   * and for `account` tenancy also `acme` (`/webhooks/<vendor>/acme`).
   */
  env(secret: string): Record<string, string>
  /**
   * The headers the vendor would send with `body` at `now`: written apart from the adapter's own
   * signer and verifier (from the vendor's docs), so that a bug shared by both is unlikely.
   */
  sign(body: Uint8Array, secret: string, now: Date): Record<string, string>
  /** The same vendor event delivered again: attempt counters and times changed, event id kept. */
  redeliver(body: Uint8Array): Uint8Array
  /**
   * When a fixture body counts as received, so that a freshness check on a time signed in the
   * body holds forever; absent where nothing in the body is checked for freshness.
   */
  receivedAt?(body: Uint8Array): Date | undefined
}
