import { createHmac, timingSafeEqual } from 'node:crypto'
import { SignatureError } from '../errors.ts'

/** A vendor's HMAC scheme: lower-case hex digest of the raw body under one of several secrets. */
export interface HmacScheme {
  readonly vendor: string
  readonly header: string
  readonly algorithm: 'sha1' | 'sha256'
  /** Hex characters in a digest: 40 for SHA-1, 64 for SHA-256. */
  readonly hexLength: number
}

/**
 * Verifies `header` = hex HMAC(secret, body) for any of `secrets`. The body is the raw bytes as
 * received: re-serialised JSON has other bytes (PHP's json_encode escapes `/`; a docs example that re-stringifies signs other bytes)
 * and a different digest. Comparison is constant-time over the decoded digest; every secret is
 * tried so rotation never has a gap. Throws `SignatureError`.
 */
export function verifyHmac(
  scheme: HmacScheme,
  body: Uint8Array,
  headerValue: string | undefined,
  secrets: readonly string[]
): void {
  if (secrets.length === 0) {
    throw new SignatureError(scheme.vendor, 'no_secret_configured', 'no signing secret configured')
  }
  const given = headerValue?.trim().toLowerCase()
  if (!given) {
    throw new SignatureError(scheme.vendor, 'missing_signature', `missing ${scheme.header} header`)
  }
  if (given.length !== scheme.hexLength || !/^[0-9a-f]+$/.test(given)) {
    throw new SignatureError(
      scheme.vendor,
      'malformed_signature',
      `${scheme.header} is not a ${scheme.hexLength}-character hex digest`
    )
  }
  const givenBytes = Buffer.from(given, 'hex')
  let matched = false
  for (const secret of secrets) {
    const expected = createHmac(scheme.algorithm, secret).update(body).digest()
    // No early exit: every secret costs the same, so timing does not tell which one matched.
    matched = timingSafeEqual(expected, givenBytes) || matched
  }
  if (!matched) {
    throw new SignatureError(scheme.vendor, 'signature_mismatch', `${scheme.header} does not match`)
  }
}
