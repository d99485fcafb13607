import { createHmac, randomBytes } from 'node:crypto'

/** A secret made for this test run; fixtures never hold a secret or a signature. */
export const TEST_SECRET = randomBytes(24).toString('base64url')

/**
 * Signs like the vendors do, written apart from `src/signature/hmac.ts` so that a bug shared by
 * signer and verifier is unlikely: Plain hex HMAC-SHA256, HelpCrunch hex HMAC-SHA1, of the raw bytes.
 */
export function signFor(
  vendor: string,
  body: Uint8Array,
  secret = TEST_SECRET
): Record<string, string> {
  if (vendor === 'plain') {
    return { 'plain-request-signature': createHmac('sha256', secret).update(body).digest('hex') }
  }
  if (vendor === 'helpcrunch') {
    return { 'x-helpcrunch-signature': createHmac('sha1', secret).update(body).digest('hex') }
  }
  throw new Error(`no signer for ${vendor}`)
}
