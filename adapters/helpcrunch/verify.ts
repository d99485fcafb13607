import { createHmac } from 'node:crypto'
import {
  verifyHmac,
  type HmacScheme,
  type RawWebhook,
  type Signer,
  type Verifier,
} from '../../src/adapter/index.ts'
import type { HelpCrunchSettings } from './settings.ts'

/** `X-HelpCrunch-Signature`: lower-case hex HMAC-SHA1 of the raw body under the account's signing key. */
const HELPCRUNCH_SIGNATURE = {
  vendor: 'helpcrunch',
  header: 'x-helpcrunch-signature',
  algorithm: 'sha1',
} as const satisfies HmacScheme

/**
 * Verifies `X-HelpCrunch-Signature` over the raw bytes, trying each secret (rotation). The sender
 * is PHP (`json_encode` escapes `/` and non-ASCII), so only the bytes as received verify. HelpCrunch
 * signs no timestamp: there is no freshness check, and redeliveries are absorbed by the
 * deterministic event ids (de-duplication on the envelope `id`). Throws `SignatureError`.
 *
 * @see https://docs.helpcrunch.com/webhooks/setting-up-webhooks
 */
export function verifyHelpCrunchSignature(request: RawWebhook, secrets: readonly string[]): void {
  verifyHmac(
    HELPCRUNCH_SIGNATURE,
    request.body,
    request.headers[HELPCRUNCH_SIGNATURE.header],
    secrets
  )
}

/** Lower-case name of the signature header. */
export const HELPCRUNCH_SIGNATURE_HEADER = HELPCRUNCH_SIGNATURE.header

/** HelpCrunch's verification bound to one account's keys (no freshness: nothing is signed with a time). */
export const createHelpCrunchVerifier = (settings: HelpCrunchSettings): Verifier => ({
  verifySignature: (request) => {
    verifyHelpCrunchSignature(request, settings.secrets)
  },
})

/**
 * Signs as HelpCrunch delivers: the body unchanged (nothing time-bound is signed) and
 * `X-HelpCrunch-Signature` = hex HMAC-SHA1 of its bytes.
 */
export function signHelpCrunch(
  body: Uint8Array,
  secret: string
): { body: Uint8Array; headers: Record<string, string> } {
  const digest = createHmac(HELPCRUNCH_SIGNATURE.algorithm, secret).update(body).digest('hex')
  return { body, headers: { [HELPCRUNCH_SIGNATURE.header]: digest } }
}

/** HelpCrunch's signer: the account's signing keys, and `signHelpCrunch`. */
export const helpcrunchSigner: Signer<HelpCrunchSettings> = {
  secrets: (settings) => settings.secrets,
  sign: signHelpCrunch,
}
