import { createHmac } from 'node:crypto'
import {
  verifyHmac,
  type HmacScheme,
  type RawWebhook,
  type Signer,
  type Verifier,
} from '../../src/adapter/index.ts'
import type { IntercomSettings } from './settings.ts'

/** `X-Hub-Signature: sha1=<hex>`: HMAC-SHA1 of the raw body under the app's client secret. */
const INTERCOM_SIGNATURE = {
  vendor: 'intercom',
  header: 'x-hub-signature',
  algorithm: 'sha1',
  prefix: 'sha1=',
} as const satisfies HmacScheme

/**
 * Verifies `X-Hub-Signature` over the raw bytes, trying each client secret (rotation). Only the
 * bytes as received verify: a parse/re-serialise round trip changes them (README §3, vector 5).
 * Intercom signs no timestamp, so there is no freshness check; de-duplication on the notification
 * `id` is the replay guard. Throws `SignatureError`.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export function verifyIntercomSignature(request: RawWebhook, secrets: readonly string[]): void {
  verifyHmac(INTERCOM_SIGNATURE, request.body, request.headers[INTERCOM_SIGNATURE.header], secrets)
}

/** Lower-case name of the signature header. */
export const INTERCOM_SIGNATURE_HEADER = INTERCOM_SIGNATURE.header

/** Intercom's verification bound to the app's client secrets (no freshness: nothing time-bound is signed). */
export const createIntercomVerifier = (settings: IntercomSettings): Verifier => ({
  verifySignature: (request) => {
    verifyIntercomSignature(request, settings.secrets)
  },
})

/**
 * Signs as Intercom delivers: the body unchanged (nothing time-bound is signed) and
 * `X-Hub-Signature` = `sha1=` + hex HMAC-SHA1 of its bytes.
 */
export function signIntercom(
  body: Uint8Array,
  secret: string
): { body: Uint8Array; headers: Record<string, string> } {
  const digest = createHmac(INTERCOM_SIGNATURE.algorithm, secret).update(body).digest('hex')
  return { body, headers: { [INTERCOM_SIGNATURE.header]: `${INTERCOM_SIGNATURE.prefix}${digest}` } }
}

/** Intercom's signer: the app's client secrets, and `signIntercom`. */
export const intercomSigner: Signer<IntercomSettings> = {
  secrets: (settings) => settings.secrets,
  sign: signIntercom,
}
