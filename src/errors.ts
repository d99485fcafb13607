/**
 * The one error hierarchy. Each leaf fixes its `code` (the JSON error body's) and its `reason`
 * (what logs, metrics and span attributes group by: one word, never a secret). The errors that
 * become HTTP answers extend `HttpError`, and this file is the only place their statuses are chosen.
 */
export abstract class SwitchboardError extends Error {
  abstract readonly code: string
  abstract readonly reason: string
}

/** An error the HTTP layer answers with its own `status` and the JSON error body. */
export abstract class HttpError extends SwitchboardError {
  abstract readonly status: 400 | 401 | 403 | 404 | 408 | 413 | 431 | 503
}

/** Missing, malformed or wrong signature, or a stale delivery: nothing is published (401). */
export class SignatureError extends HttpError {
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

/** Why an authentic body could not be turned into canonical events: a dead letter's `dlq-reason`. */
export const PAYLOAD_FAILURES = [
  'invalid_json',
  'not_a_webhook',
  'unknown_event_type',
  'invalid_payload',
  'mapping_failed',
] as const

/** One of {@link PAYLOAD_FAILURES}. */
export type PayloadFailure = (typeof PAYLOAD_FAILURES)[number]

/**
 * An authentic body that is not a mappable webhook of its vendor. The only error an adapter
 * throws for bad input; the HTTP layer dead-letters it, the CLI exits 1.
 */
export class PayloadError extends SwitchboardError {
  override readonly name = 'PayloadError'
  readonly code = 'payload_invalid'
  readonly vendor: string
  readonly reason: PayloadFailure
  /** Valibot issues or parse messages, for logs and the dead-letter `dlq-detail` header. */
  readonly detail: string
  /** The vendor event id, when the body was identified before it failed (the dead-letter key). */
  readonly eventId: string | undefined
  /** The tenant the identified body names (or its route's account), for the dead letter. */
  readonly tenant: string | undefined
  constructor(
    vendor: string,
    reason: PayloadFailure,
    detail: string,
    options?: ErrorOptions & { readonly eventId?: string; readonly tenant?: string }
  ) {
    super(`${vendor}: ${reason}: ${detail}`, options)
    this.vendor = vendor
    this.reason = reason
    this.detail = detail
    this.eventId = options?.eventId
    this.tenant = options?.tenant
  }
}

/** An unknown route, vendor or account (404): nothing is read, nothing is published. */
export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError'
  readonly status = 404
  readonly code: 'unknown_vendor' | 'unknown_account' | 'not_found'
  readonly reason: NotFoundError['code']
  constructor(code: NotFoundError['code'], message: string) {
    super(message)
    this.code = code
    this.reason = code
  }
}

/** The request body could not be read to its end (the client went away or broke the stream): 400. */
export class RequestBodyError extends HttpError {
  override readonly name = 'RequestBodyError'
  readonly reason = 'body_unreadable'
  readonly code = 'body_unreadable'
  readonly status = 400
  constructor(options?: ErrorOptions) {
    super('the request body could not be read', options)
  }
}

/**
 * The request did not arrive in time: its headers within `HEADERS_TIMEOUT_MS`, or its body within
 * `BODY_TIMEOUT_MS` of them (408). The client is slow, not the bridge; the connection is closed.
 */
export class RequestTimeoutError extends HttpError {
  override readonly name = 'RequestTimeoutError'
  readonly reason = 'request_timeout'
  readonly code = 'request_timeout'
  readonly status = 408
}

/** Request headers larger than Node's `maxHeaderSize` (431, RFC 6585 §5), answered by the HTTP parser. */
export class HeadersTooLargeError extends HttpError {
  override readonly name = 'HeadersTooLargeError'
  readonly reason = 'headers_too_large'
  readonly code = 'headers_too_large'
  readonly status = 431
  constructor(options?: ErrorOptions) {
    super('the request headers are too large', options)
  }
}

/** Bytes that are not an HTTP/1.1 request Node's parser accepts (400); the connection is closed. */
export class MalformedRequestError extends HttpError {
  override readonly name = 'MalformedRequestError'
  readonly reason = 'bad_request'
  readonly code = 'bad_request'
  readonly status = 400
  constructor(options?: ErrorOptions) {
    super('the request could not be parsed as HTTP/1.1', options)
  }
}

/** A body over the configured limit (413), refused before the rest of it is read. */
export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError'
  readonly reason = 'payload_too_large'
  readonly code = 'payload_too_large'
  readonly status = 413
  constructor(limitBytes: number) {
    super(`body exceeds ${limitBytes} bytes`)
  }
}

/** A request to the admin listener's console API that is not what the endpoint takes (400). */
export class InvalidRequestError extends HttpError {
  override readonly name = 'InvalidRequestError'
  readonly reason = 'invalid_request'
  readonly code = 'invalid_request'
  readonly status = 400
}

/** Why an operator action is refused. */
export type ForbiddenReason = 'replay_disabled' | 'cross_site' | 'token_missing' | 'token_invalid'

/**
 * An operator action the admin listener refuses (403): no `ADMIN_TOKEN` configured, a request from
 * another site, or a missing or wrong token. Nothing is done.
 */
export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError'
  readonly code = 'forbidden'
  readonly status = 403
  readonly reason: ForbiddenReason
  constructor(reason: ForbiddenReason, message: string) {
    super(message)
    this.reason = reason
  }
}

/** Why the bridge cannot take a webhook right now. */
export type UnavailableReason =
  | 'kafka_unavailable'
  | 'publish_failed'
  | 'overloaded'
  | 'deadline_exceeded'
  | 'shutting_down'
  | 'spool_full'
  | 'spool_unavailable'
  | 'claimed_elsewhere'

/**
 * Kafka could not (or not in time) acknowledge what this webhook needs published: 503 with
 * `Retry-After`, so the vendor delivers it again. Nothing the client sent causes it.
 */
export class UnavailableError extends HttpError {
  override readonly name = 'UnavailableError'
  readonly code = 'unavailable'
  readonly status = 503
  readonly reason: UnavailableReason
  constructor(reason: UnavailableReason, message: string, options?: ErrorOptions) {
    super(message, options)
    this.reason = reason
  }
}

/** Invalid configuration at boot: the process prints the message and exits 2. */
export class ConfigError extends SwitchboardError {
  override readonly name = 'ConfigError'
  readonly code = 'config_invalid'
  readonly reason = 'config_invalid'
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n- ${problems.join('\n- ')}`)
    this.problems = problems
  }
}

/** A Kafka record that is not a valid canonical CloudEvent (consumer side). */
export class RecordError extends SwitchboardError {
  override readonly name = 'RecordError'
  readonly code = 'record_invalid'
  readonly reason = 'record_invalid'
}
