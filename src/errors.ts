/**
 * The one error hierarchy. Each leaf fixes its `code` (what logs, metrics and JSON error bodies
 * group by) and `status` (what the HTTP layer answers); this file is the only place statuses are
 * chosen.
 */
export abstract class SwitchboardError extends Error {
  abstract readonly code: string
  abstract readonly status: 400 | 401 | 404 | 413 | 500 | 503
}

/** Missing, malformed or wrong signature, or a stale delivery: nothing is published (401). */
export class SignatureError extends SwitchboardError {
  override readonly name = 'SignatureError'
  readonly code = 'signature_invalid'
  readonly status = 401
  readonly vendor: string
  readonly reason: SignatureFailure
  constructor(vendor: string, reason: SignatureFailure, detail: string) {
    super(`${vendor}: ${detail}`)
    this.vendor = vendor
    this.reason = reason
  }
}

/** Why a signature check failed; safe to log (never contains the secret or the signature). */
export type SignatureFailure =
  | 'missing_signature'
  | 'malformed_signature'
  | 'signature_mismatch'
  | 'no_secret_configured'
  | 'stale_timestamp'

/** Why an authentic body could not be turned into canonical events. */
export type PayloadFailure =
  'invalid_json' | 'not_a_webhook' | 'unknown_event_type' | 'invalid_payload' | 'mapping_failed'

/**
 * An authentic body that is not a mappable webhook of its vendor. The only error an adapter
 * throws for bad input; the HTTP layer dead-letters it, the CLI exits 1.
 */
export class PayloadError extends SwitchboardError {
  override readonly name = 'PayloadError'
  readonly code = 'payload_invalid'
  readonly status = 400
  readonly vendor: string
  readonly reason: PayloadFailure
  /** Valibot issues or parse messages, for logs and the dead-letter `dlq-detail` header. */
  readonly detail: string
  constructor(vendor: string, reason: PayloadFailure, detail: string, options?: ErrorOptions) {
    super(`${vendor}: ${reason}: ${detail}`, options)
    this.vendor = vendor
    this.reason = reason
    this.detail = detail
  }
}
