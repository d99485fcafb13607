import { randomBytes } from 'node:crypto'
import { testKitOf } from './vendor-kits.ts'

/** A secret made for this test run; fixtures never hold a secret or a signature. */
export const TEST_SECRET = randomBytes(24).toString('base64url')

/**
 * The headers `vendor` would sign `body` with at `now`, from the vendor's test kit: written apart
 * from the adapter's verifier, so that a bug shared by signer and verifier is unlikely.
 */
export const signFor = (
  vendor: string,
  body: Uint8Array,
  secret = TEST_SECRET,
  now = new Date()
): Record<string, string> => testKitOf(vendor).sign(body, secret, now)
