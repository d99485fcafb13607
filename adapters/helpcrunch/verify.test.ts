import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SignatureError, type SignatureFailure, type RawWebhook } from '../../src/adapter/index.ts'
import { readVendorReference, readVendorReferenceJson } from '../../test/helpers/fixtures.ts'
import { helpcrunch } from './index.ts'

const SECRET = randomBytes(24).toString('base64url')
const OTHER_SECRET = randomBytes(24).toString('base64url')
const BODY = Buffer.from(
  '{"event":"chat.new","eventData":{"chat_id":5224081},"attempts":0,"lastAttemptAt":1607540768,"createdAt":1607540768,"id":"9a1c2e3f-4b5d-4c6e-8f70-81a2b3c4d501"}'
)

/** Hex HMAC-SHA1 as HelpCrunch (PHP `hash_hmac`) computes it, written apart from the verifier. */
const sign = (body: Uint8Array, secret: string) =>
  createHmac('sha1', secret).update(body).digest('hex')

const request = (body: Uint8Array, signature?: string): RawWebhook => ({
  body,
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-helpcrunch-signature': signature }),
  },
})

const verify = (req: RawWebhook, secrets: readonly string[] = [SECRET]): void => {
  helpcrunch.createVerifier({ secrets }).verifySignature(req)
}

/** The `reason` of the `SignatureError` that `run` throws; fails the test for anything else. */
function failureOf(run: () => void): SignatureFailure {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError)
    return (error as SignatureError).reason
  }
  throw new Error('expected a SignatureError, nothing was thrown')
}

describe('helpcrunch verifySignature', () => {
  it("keeps the lower-case signature header (and the vendor's own) on dead letters, nothing else", () => {
    expect(helpcrunch.keepsHeader('x-helpcrunch-signature')).toBe(true)
    expect(helpcrunch.keepsHeader('x-helpcrunch-delivery')).toBe(true)
    expect(helpcrunch.keepsHeader('authorization')).toBe(false)
  })

  it.each([
    { case: 'a valid signature', req: () => request(BODY, sign(BODY, SECRET)), secrets: [SECRET] },
    {
      case: 'a request signed with the second of two secrets (rotation)',
      req: () => request(BODY, sign(BODY, SECRET)),
      secrets: [OTHER_SECRET, SECRET],
    },
    {
      case: 'an upper-case hex signature',
      req: () => request(BODY, sign(BODY, SECRET).toUpperCase()),
      secrets: [SECRET],
    },
    {
      case: 'a signature with surrounding whitespace',
      req: () => request(BODY, ` ${sign(BODY, SECRET)} `),
      secrets: [SECRET],
    },
  ])('accepts $case', ({ req, secrets }) => {
    expect(() => {
      verify(req(), secrets)
    }).not.toThrow()
  })

  it.each([
    {
      case: 'no signature header',
      req: () => request(BODY),
      secrets: [SECRET],
      reason: 'missing_signature',
    },
    {
      case: 'an empty signature header',
      req: () => request(BODY, ''),
      secrets: [SECRET],
      reason: 'missing_signature',
    },
    {
      case: 'a signature one character short',
      req: () => request(BODY, sign(BODY, SECRET).slice(1)),
      secrets: [SECRET],
      reason: 'malformed_signature',
    },
    {
      case: 'a SHA-256 length signature',
      req: () => request(BODY, createHmac('sha256', SECRET).update(BODY).digest('hex')),
      secrets: [SECRET],
      reason: 'malformed_signature',
    },
    {
      // The docs' example header value: 40 characters, but not hex.
      case: 'a signature that is not hex',
      req: () => request(BODY, 'att73h99zvs9ipdmaj2rmr4oi5jhtwubs6q6tfwr'),
      secrets: [SECRET],
      reason: 'malformed_signature',
    },
    {
      case: 'a signature made with another secret',
      req: () => request(BODY, sign(BODY, OTHER_SECRET)),
      secrets: [SECRET],
      reason: 'signature_mismatch',
    },
    {
      case: 'a body changed after signing',
      req: () => request(Buffer.from(`${BODY.toString('utf8')} `), sign(BODY, SECRET)),
      secrets: [SECRET],
      reason: 'signature_mismatch',
    },
    {
      case: 'no secret configured',
      req: () => request(BODY, sign(BODY, SECRET)),
      secrets: [],
      reason: 'no_secret_configured',
    },
  ] as const)('rejects $case with SignatureError ($reason)', ({ req, secrets, reason }) => {
    expect(
      failureOf(() => {
        verify(req(), secrets)
      })
    ).toBe(reason)
  })
})

describe('helpcrunch verifySignature against the published test vectors', () => {
  const file = readVendorReferenceJson('helpcrunch/samples/_signature-test-vectors.json') as {
    key: string
    vectors: { bodyFile: string; expectedSignature: string; signatureOfReserializedBody?: string }[]
  }
  const bodyOf = (vector: { bodyFile: string }) => readVendorReference(vector.bodyFile)

  it('has both vectors', () => {
    expect(file.vectors).toHaveLength(2)
  })

  it.each(file.vectors)('accepts $bodyFile signed $expectedSignature', (vector) => {
    expect(() => {
      verify(request(bodyOf(vector), vector.expectedSignature), [file.key])
    }).not.toThrow()
  })

  it('rejects the PHP-escaped body once it is parsed and re-serialised', () => {
    const vector = file.vectors.find((candidate) => candidate.signatureOfReserializedBody)!
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(bodyOf(vector).toString('utf8'))))
    expect(reserialized.equals(bodyOf(vector))).toBe(false)
    expect(sign(reserialized, file.key)).toBe(vector.signatureOfReserializedBody)
    expect(
      failureOf(() => {
        verify(request(reserialized, vector.expectedSignature), [file.key])
      })
    ).toBe('signature_mismatch')
  })
})
