import { createHash, createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SignatureError, type RawWebhook, type SignatureFailure } from '../../src/adapter/index.ts'
import { zendesk } from './index.ts'
import { testKit } from './test-kit.ts'
import { signZendesk } from './verify.ts'

const SECRET = randomBytes(24).toString('base64url')
const OTHER_SECRET = randomBytes(24).toString('base64url')
const TIMESTAMP = '2026-02-10T10:31:09Z'
const NOW = new Date('2026-02-10T10:31:10Z')
const BODY = Buffer.from(
  '{"account_id":24681357,"detail":{"id":"8817"},"event":{},"id":"6e0f4b1c","time":"2026-02-10T10:31:08.604418932Z","type":"zen:event-type:ticket.created"}'
)

/** Base64 HMAC-SHA256 of timestamp text + body, as Zendesk's verifying page describes it. */
const sign = (body: Uint8Array, secret: string, timestamp = TIMESTAMP) =>
  createHmac('sha256', secret).update(timestamp).update(body).digest('base64')

const request = (
  body: Uint8Array,
  signature: string | undefined,
  timestamp: string | null = TIMESTAMP
): RawWebhook => ({
  body,
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-zendesk-webhook-signature': signature }),
    ...(timestamp === null ? {} : { 'x-zendesk-webhook-signature-timestamp': timestamp }),
  },
})

const verifier = (secrets: readonly string[] = [SECRET], toleranceSeconds = 300) =>
  zendesk.createVerifier({ secrets, toleranceSeconds })

const verify = (req: RawWebhook, secrets?: readonly string[]) => () => {
  verifier(secrets).verifySignature(req)
}

const fresh =
  (timestamp: string, now: Date, toleranceSeconds = 300) =>
  () => {
    verifier([SECRET], toleranceSeconds).checkFreshness?.(
      {},
      now,
      timestamp === '' ? {} : { 'x-zendesk-webhook-signature-timestamp': timestamp }
    )
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

describe('zendesk verifySignature', () => {
  it('keeps every x-zendesk- header on dead letters (signature and timestamp), nothing else', () => {
    expect(zendesk.keepsHeader('x-zendesk-webhook-signature')).toBe(true)
    expect(zendesk.keepsHeader('x-zendesk-webhook-signature-timestamp')).toBe(true)
    expect(zendesk.keepsHeader('x-zendesk-webhook-id')).toBe(true)
    expect(zendesk.keepsHeader('authorization')).toBe(false)
  })

  it('accepts a body signed with the secret over timestamp text + body', () => {
    expect(verify(request(BODY, sign(BODY, SECRET)))).not.toThrow()
  })

  it('accepts a request signed with the second of two secrets (rotation)', () => {
    expect(verify(request(BODY, sign(BODY, SECRET)), [OTHER_SECRET, SECRET])).not.toThrow()
  })

  it.each([
    {
      case: 'no signature header',
      req: () => request(BODY, undefined),
      reason: 'missing_signature',
    },
    {
      case: 'an empty signature header',
      req: () => request(BODY, ''),
      reason: 'missing_signature',
    },
    {
      case: 'no timestamp header',
      req: () => request(BODY, sign(BODY, SECRET), null),
      reason: 'missing_signature',
    },
    {
      case: 'a hex digest instead of base64',
      req: () =>
        request(BODY, createHmac('sha256', SECRET).update(TIMESTAMP).update(BODY).digest('hex')),
      reason: 'malformed_signature',
    },
    {
      case: 'a base64 digest without its padding',
      req: () => request(BODY, sign(BODY, SECRET).replace(/=+$/, '')),
      reason: 'malformed_signature',
    },
    {
      case: 'base64 with a character outside the alphabet',
      req: () => request(BODY, `*${sign(BODY, SECRET).slice(1)}`),
      reason: 'malformed_signature',
    },
    {
      case: 'a sha256= prefixed digest',
      req: () => request(BODY, `sha256=${sign(BODY, SECRET)}`),
      reason: 'malformed_signature',
    },
    {
      case: 'a signature made with another secret',
      req: () => request(BODY, sign(BODY, OTHER_SECRET)),
      reason: 'signature_mismatch',
    },
    {
      case: 'a body changed after signing',
      req: () => request(Buffer.from(`${BODY.toString('utf8')} `), sign(BODY, SECRET)),
      reason: 'signature_mismatch',
    },
    {
      case: 'a timestamp header re-formatted after signing',
      req: () => request(BODY, sign(BODY, SECRET), '2026-02-10T10:31:09.000Z'),
      reason: 'signature_mismatch',
    },
    {
      case: 'a signature over the body alone',
      req: () => request(BODY, createHmac('sha256', SECRET).update(BODY).digest('base64')),
      reason: 'signature_mismatch',
    },
  ] as const)('rejects $case with SignatureError ($reason)', ({ req, reason }) => {
    expect(failureOf(verify(req()))).toBe(reason)
  })

  it('answers no_secret_configured when no secret is set', () => {
    expect(failureOf(verify(request(BODY, sign(BODY, SECRET)), []))).toBe('no_secret_configured')
  })
})

describe('zendesk checkFreshness', () => {
  const at = (offsetSeconds: number) => new Date(Date.parse(TIMESTAMP) + offsetSeconds * 1000)

  it('accepts a timestamp 300 s in the past and 300 s in the future', () => {
    expect(fresh(TIMESTAMP, at(300))).not.toThrow()
    expect(fresh(TIMESTAMP, at(-300))).not.toThrow()
  })

  it.each([
    { case: 'more than 300 s old', now: at(301) },
    { case: 'more than 300 s in the future', now: at(-301) },
  ])('rejects a timestamp $case with stale_timestamp', ({ now }) => {
    expect(failureOf(fresh(TIMESTAMP, now))).toBe('stale_timestamp')
  })

  it('honours a configured tolerance', () => {
    expect(fresh(TIMESTAMP, at(600), 600)).not.toThrow()
    expect(failureOf(fresh(TIMESTAMP, at(31), 30))).toBe('stale_timestamp')
  })

  it.each(['yesterday', '1736331128', '2026-02-10 10:31:09', 'Tue, 10 Feb 2026 10:31:09 GMT'])(
    'rejects the unparseable timestamp %j with stale_timestamp',
    (timestamp) => {
      expect(failureOf(fresh(timestamp, NOW))).toBe('stale_timestamp')
    }
  )

  it('rejects a request without a timestamp header', () => {
    expect(failureOf(fresh('', NOW))).toBe('missing_signature')
  })
})

interface Vector {
  bodyFile?: string
  body?: string
  bodyBytes: number
  bodySha256?: string
  secret: string
  headers: Record<string, string>
  expect: 'accept' | 'reject'
}

const vectors = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, 'reference', 'signature-test-vectors.json'), 'utf8')
  ) as { vectors: Vector[] }
).vectors

/** A vector's exact bytes: `bodyFile` is relative to `shared/vendors/`, i.e. `zendesk/…` here. */
const bodyOf = (vector: Vector): Buffer =>
  vector.bodyFile === undefined
    ? Buffer.from(vector.body ?? '', 'utf8')
    : readFileSync(
        join(import.meta.dirname, 'reference', vector.bodyFile.replace(/^zendesk\//, ''))
      )

describe('zendesk signature test vectors (reference/signature-test-vectors.json)', () => {
  it('has all five vectors, four to accept and one deliberately wrong', () => {
    expect(vectors.map((vector) => vector.expect)).toEqual([
      'accept',
      'accept',
      'accept',
      'accept',
      'reject',
    ])
  })

  it.each(vectors.map((vector, index) => ({ index: index + 1, vector })))(
    'vector $index: the body is the exact bytes the vector signed',
    ({ vector }) => {
      const body = bodyOf(vector)
      expect(body.length).toBe(vector.bodyBytes)
      if (vector.bodySha256) {
        expect(createHash('sha256').update(body).digest('hex')).toBe(vector.bodySha256)
      }
    }
  )

  it.each(vectors.map((vector, index) => ({ index: index + 1, vector })))(
    'vector $index: verified as the vector expects, with "now" one minute after its timestamp',
    ({ vector }) => {
      const timestamp = vector.headers['X-Zendesk-Webhook-Signature-Timestamp']!
      const req = request(bodyOf(vector), vector.headers['X-Zendesk-Webhook-Signature'], timestamp)
      const bound = verifier([vector.secret])
      const run = () => {
        bound.verifySignature(req)
        bound.checkFreshness?.({}, new Date(Date.parse(timestamp) + 60_000), req.headers)
      }
      if (vector.expect === 'accept') expect(run).not.toThrow()
      else expect(failureOf(run)).toBe('signature_mismatch')
    }
  )

  it('refuses vector 1 as stale when "now" is an hour after its timestamp', () => {
    const vector = vectors[0]!
    const timestamp = vector.headers['X-Zendesk-Webhook-Signature-Timestamp']!
    expect(failureOf(fresh(timestamp, new Date(Date.parse(timestamp) + 3_600_000)))).toBe(
      'stale_timestamp'
    )
  })
})

describe('zendesk signer', () => {
  it('signs the body unchanged with a whole-second timestamp that verifies and is fresh', () => {
    const now = new Date('2025-01-08T10:12:08.765Z')
    const signed = signZendesk(BODY, SECRET, now)
    expect(signed.body).toBe(BODY)
    const timestamp = signed.headers['x-zendesk-webhook-signature-timestamp']!
    expect(timestamp).toBe('2025-01-08T10:12:08Z')
    expect(verify({ body: signed.body, headers: signed.headers })).not.toThrow()
    expect(fresh(timestamp, now)).not.toThrow()
  })

  it('agrees with the test kit, written apart from it', () => {
    expect(signZendesk(BODY, SECRET, NOW).headers).toEqual(testKit.sign(BODY, SECRET, NOW))
  })

  it('reproduces vector 1 from its secret and timestamp', () => {
    const vector = vectors[0]!
    const signed = signZendesk(bodyOf(vector), vector.secret, new Date('2025-01-08T10:12:08Z'))
    expect(signed.headers['x-zendesk-webhook-signature']).toBe(
      vector.headers['X-Zendesk-Webhook-Signature']
    )
  })
})
