import { createHmac, timingSafeEqual } from 'node:crypto'
import { SignatureError } from '../errors.ts'

/**
 * A vendor's HMAC scheme: a digest of the signed bytes under one of several secrets, written in a
 * header as hex (any case) or base64, optionally behind a prefix such as `sha1=`.
 */
export interface HmacScheme {
  readonly vendor: string
  readonly header: string
  readonly algorithm: 'sha1' | 'sha256'
  /** How the header writes the digest; `hex` when absent. */
  readonly encoding?: 'hex' | 'base64'
  /** Text the header puts before the digest (`sha1=` for GitHub-style headers); none when absent. */
  readonly prefix?: string
}

const DIGEST_BYTES = { sha1: 20, sha256: 32 } as const

/** The digest a header names, or a reason it names none. */
function decodeDigest(scheme: HmacScheme, given: string): Buffer | string {
  const bytes = DIGEST_BYTES[scheme.algorithm]
  const prefix = scheme.prefix ?? ''
  if (!given.toLowerCase().startsWith(prefix))
    return `${scheme.header} does not start with ${prefix}`
  const text = given.slice(prefix.length)
  if (scheme.encoding === 'base64') {
    // Strict: standard alphabet, padded, exactly one digest long (Buffer.from would skip junk).
    const length = 4 * Math.ceil(bytes / 3)
    return text.length === length && /^[A-Za-z0-9+/]+={0,2}$/.test(text)
      ? Buffer.from(text, 'base64')
      : `${scheme.header} is not a ${length}-character base64 digest`
  }
  return text.length === 2 * bytes && /^[0-9a-fA-F]+$/.test(text)
    ? Buffer.from(text, 'hex')
    : `${scheme.header} is not a ${2 * bytes}-character hex digest`
}

/**
 * Verifies `header` = HMAC(secret, signed) for any of `secrets`, where `signed` is the raw body
 * as received, or the parts the vendor signs in order (a timestamp header's text, then the body).
 * Re-serialised JSON has other bytes (PHP's json_encode escapes `/`; a docs example that
 * re-stringifies signs other bytes) and a different digest. Comparison is constant-time over the
 * decoded digest; every secret is tried so rotation never has a gap. Throws `SignatureError`.
 */
export function verifyHmac(
  scheme: HmacScheme,
  signed: Uint8Array | readonly (Uint8Array | string)[],
  headerValue: string | undefined,
  secrets: readonly string[]
): void {
  if (secrets.length === 0) {
    throw new SignatureError(scheme.vendor, 'no_secret_configured', 'no signing secret configured')
  }
  const given = headerValue?.trim()
  if (!given) {
    throw new SignatureError(scheme.vendor, 'missing_signature', `missing ${scheme.header} header`)
  }
  const givenBytes = decodeDigest(scheme, given)
  if (typeof givenBytes === 'string') {
    throw new SignatureError(scheme.vendor, 'malformed_signature', givenBytes)
  }
  const parts = signed instanceof Uint8Array ? [signed] : signed
  let matched = false
  for (const secret of secrets) {
    const hmac = createHmac(scheme.algorithm, secret)
    for (const part of parts) hmac.update(part)
    // No early exit: every secret costs the same, so timing does not tell which one matched.
    matched = timingSafeEqual(hmac.digest(), givenBytes) || matched
  }
  if (!matched) {
    throw new SignatureError(scheme.vendor, 'signature_mismatch', `${scheme.header} does not match`)
  }
}
