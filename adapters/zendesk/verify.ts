import { createHmac } from 'node:crypto'
import {
  SignatureError,
  verifyHmac,
  type HmacScheme,
  type RawWebhook,
  type Signer,
  type Verifier,
} from '../../src/adapter/index.ts'
import type { ZendeskSettings } from './settings.ts'

/**
 * `X-Zendesk-Webhook-Signature`: base64 HMAC-SHA256, under the webhook's signing secret, of the
 * `X-Zendesk-Webhook-Signature-Timestamp` header's text immediately followed by the raw body
 * (reference README §4).
 *
 * @see https://developer.zendesk.com/documentation/webhooks/verifying/
 */
const ZENDESK_SIGNATURE = {
  vendor: 'zendesk',
  header: 'x-zendesk-webhook-signature',
  algorithm: 'sha256',
  encoding: 'base64',
} as const satisfies HmacScheme

/** Lower-case name of the header whose text is signed before the body. */
export const ZENDESK_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp'

/** The ISO-8601 instant Zendesk writes in the timestamp header (`2024-04-17T17:18:10Z`). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/

const missingTimestamp = () =>
  new SignatureError(
    'zendesk',
    'missing_signature',
    `missing ${ZENDESK_TIMESTAMP_HEADER} header (its text is part of the signed message)`
  )

/**
 * Checks `X-Zendesk-Webhook-Signature` over the timestamp header's text (as received, never
 * re-formatted) and the raw bytes, against every configured secret. A missing timestamp header is
 * reported as `missing_signature` once a secret and a signature are there. Throws `SignatureError`.
 *
 * @see https://developer.zendesk.com/documentation/webhooks/verifying/
 */
export function verifyZendeskSignature(request: RawWebhook, secrets: readonly string[]): void {
  const signature = request.headers[ZENDESK_SIGNATURE.header]
  const timestamp = request.headers[ZENDESK_TIMESTAMP_HEADER]
  if (!timestamp && secrets.length > 0 && signature?.trim()) throw missingTimestamp()
  verifyHmac(ZENDESK_SIGNATURE, [timestamp ?? '', request.body], signature, secrets)
}

/**
 * Replay protection: the signed timestamp header must lie within `toleranceSeconds` of `now`, in
 * either direction. Zendesk documents no window (README §4, [SILENT]); the contract sets 300 s.
 * Run after the signature matched, so the header is Zendesk's. Throws `SignatureError`.
 */
export function checkZendeskFreshness(
  headers: RawWebhook['headers'],
  now: Date,
  toleranceSeconds: number
): void {
  const text = headers[ZENDESK_TIMESTAMP_HEADER]
  if (!text) throw missingTimestamp()
  const at = ISO_INSTANT.test(text) ? Date.parse(text) : NaN
  if (Number.isNaN(at)) {
    throw new SignatureError(
      'zendesk',
      'stale_timestamp',
      `${ZENDESK_TIMESTAMP_HEADER} is not an ISO-8601 instant`
    )
  }
  const skew = Math.abs(now.getTime() - at) / 1000
  if (skew > toleranceSeconds) {
    throw new SignatureError(
      'zendesk',
      'stale_timestamp',
      `signed timestamp is ${Math.round(skew)} s away from now (tolerance ${toleranceSeconds} s)`
    )
  }
}

/** Zendesk's verification bound to the configured secrets and tolerance. */
export const createZendeskVerifier = (settings: ZendeskSettings): Verifier => ({
  verifySignature: (request) => {
    verifyZendeskSignature(request, settings.secrets)
  },
  checkFreshness: (_body, now, headers) => {
    checkZendeskFreshness(headers, now, settings.toleranceSeconds)
  },
})

/**
 * Signs as Zendesk delivers: the body unchanged, `X-Zendesk-Webhook-Signature-Timestamp` = `now`
 * as ISO-8601 without milliseconds (`2025-01-08T10:12:08Z`), and the signature over that text
 * followed by the body.
 */
export function signZendesk(
  body: Uint8Array,
  secret: string,
  now: Date
): { body: Uint8Array; headers: Record<string, string> } {
  const timestamp = `${now.toISOString().slice(0, 19)}Z`
  const digest = createHmac(ZENDESK_SIGNATURE.algorithm, secret)
    .update(timestamp)
    .update(body)
    .digest('base64')
  return {
    body,
    headers: { [ZENDESK_TIMESTAMP_HEADER]: timestamp, [ZENDESK_SIGNATURE.header]: digest },
  }
}

/** Zendesk's signer: the configured secrets, and `signZendesk`. */
export const zendeskSigner: Signer<ZendeskSettings> = {
  secrets: (settings) => settings.secrets,
  sign: signZendesk,
}
