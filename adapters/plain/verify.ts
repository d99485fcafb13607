import { createHmac } from 'node:crypto'
import * as v from 'valibot'
import {
  PayloadError,
  SignatureError,
  verifyHmac,
  type HmacScheme,
  type RawWebhook,
  type Signer,
  type Verifier,
} from '../../src/adapter/index.ts'
import type { PlainSettings } from './settings.ts'

/**
 * `Plain-Request-Signature`: lower-case hex HMAC-SHA256 of the raw body under the workspace's
 * request-signing secret. No prefix, no timestamp in the MAC.
 *
 * @see https://www.plain.com/docs/request-signing
 */
const PLAIN_SIGNATURE = {
  vendor: 'plain',
  header: 'plain-request-signature',
  algorithm: 'sha256',
} as const satisfies HmacScheme

/** Checks `Plain-Request-Signature` over the raw bytes against every configured secret. Throws `SignatureError`. */
export function verifyPlainSignature(request: RawWebhook, secrets: readonly string[]): void {
  verifyHmac(PLAIN_SIGNATURE, request.body, request.headers[PLAIN_SIGNATURE.header], secrets)
}

const AttemptSchema = v.object({
  webhookMetadata: v.object({ webhookDeliveryAttemptTimestamp: v.string() }),
})

/**
 * Replay protection, as Plain's SDK does it: the signed body's
 * `webhookMetadata.webhookDeliveryAttemptTimestamp` must lie within `toleranceSeconds` of now, in
 * either direction. Run only on an authentic body (after the signature), so the timestamp is Plain's.
 *
 * @see https://github.com/team-plain/typescript-sdk/blob/main/src/webhooks/verify.ts
 */
export function checkPlainFreshness(body: unknown, now: Date, toleranceSeconds: number): void {
  const parsed = v.safeParse(AttemptSchema, body)
  const at = parsed.success
    ? Date.parse(parsed.output.webhookMetadata.webhookDeliveryAttemptTimestamp)
    : NaN
  if (Number.isNaN(at)) {
    // Authentic (the signature matched) but not a Plain webhook: every version carries the attempt
    // timestamp. Reported as a payload error, as Plain's SDK does, so it is dead-lettered, never published.
    throw new PayloadError(
      'plain',
      'not_a_webhook',
      'webhookMetadata.webhookDeliveryAttemptTimestamp is missing or not a date-time'
    )
  }
  const skew = Math.abs(now.getTime() - at) / 1000
  if (skew > toleranceSeconds) {
    throw new SignatureError(
      'plain',
      'stale_timestamp',
      `delivery attempt is ${Math.round(skew)} s away from now (tolerance ${toleranceSeconds} s)`
    )
  }
}

/** Lower-case name of the signature header. */
export const PLAIN_SIGNATURE_HEADER = PLAIN_SIGNATURE.header

/** Plain's verification bound to one workspace's secrets and tolerance. */
export const createPlainVerifier = (settings: PlainSettings): Verifier => ({
  verifySignature: (request) => {
    verifyPlainSignature(request, settings.secrets)
  },
  checkFreshness: (body, now) => {
    checkPlainFreshness(body, now, settings.toleranceSeconds)
  },
})

/**
 * Signs as Plain delivers: the body gets a fresh `webhookMetadata.webhookDeliveryAttemptTimestamp`
 * (`now`, so the freshness check passes) and is re-serialised, then `Plain-Request-Signature` is
 * the hex HMAC-SHA256 of those bytes. Throws `PayloadError` for a body that is not a JSON object.
 */
export function signPlain(
  body: Uint8Array,
  secret: string,
  now: Date
): { body: Uint8Array; headers: Record<string, string> } {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'))
  } catch (error) {
    throw new PayloadError('plain', 'invalid_json', (error as Error).message)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PayloadError('plain', 'not_a_webhook', 'the body is not a JSON object')
  }
  const webhook = parsed as { webhookMetadata?: unknown }
  const metadata =
    typeof webhook.webhookMetadata === 'object' && webhook.webhookMetadata !== null
      ? webhook.webhookMetadata
      : {}
  const fresh = Buffer.from(
    JSON.stringify({
      ...webhook,
      webhookMetadata: { ...metadata, webhookDeliveryAttemptTimestamp: now.toISOString() },
    })
  )
  const digest = createHmac(PLAIN_SIGNATURE.algorithm, secret).update(fresh).digest('hex')
  return { body: fresh, headers: { [PLAIN_SIGNATURE.header]: digest } }
}

/** Plain's signer: the workspace's secrets, and `signPlain`. */
export const plainSigner: Signer<PlainSettings> = {
  secrets: (settings) => settings.secrets,
  sign: signPlain,
}
