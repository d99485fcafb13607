import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { PayloadError, SignatureError } from '../../src/adapter/index.ts'
import { readVendorReferenceJson } from '../../test/helpers/fixtures.ts'
import { checkPlainFreshness, verifyPlainSignature } from './verify.ts'

const SECRET = randomBytes(32).toString('hex')
const OTHER_SECRET = randomBytes(32).toString('hex')
const BODY = Buffer.from(
  '{"id":"pEv_01HD44FHHJ0YABSNGKWMG3CJ5J","payload":{"eventType":"thread.thread_created"}}'
)
const sign = (body: Uint8Array, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex')
const verify = (body: Uint8Array, signature: string | undefined, secrets?: string[]) => () => {
  verifyPlainSignature(
    { body, headers: signature === undefined ? {} : { 'plain-request-signature': signature } },
    secrets ?? [SECRET]
  )
}

describe('verifyPlainSignature', () => {
  it('accepts a body signed with the secret', () => {
    expect(verify(BODY, sign(BODY))).not.toThrow()
  })

  it('accepts a request signed with the second of two secrets (rotation)', () => {
    expect(verify(BODY, sign(BODY, OTHER_SECRET), [SECRET, OTHER_SECRET])).not.toThrow()
  })

  it('accepts an upper-case hex digest and surrounding white space', () => {
    expect(verify(BODY, ` ${sign(BODY).toUpperCase()} `)).not.toThrow()
  })

  it.each([
    {
      case: 'no signature header',
      signature: undefined,
      body: BODY,
      secrets: [SECRET],
      reason: 'missing_signature',
    },
    {
      case: 'an empty signature header',
      signature: '',
      body: BODY,
      secrets: [SECRET],
      reason: 'missing_signature',
    },
    {
      case: 'a sha256= prefixed digest',
      signature: `sha256=${sign(BODY)}`,
      body: BODY,
      secrets: [SECRET],
      reason: 'malformed_signature',
    },
    {
      case: 'a SHA-1 length digest',
      signature: sign(BODY).slice(0, 40),
      body: BODY,
      secrets: [SECRET],
      reason: 'malformed_signature',
    },
    {
      case: 'a signature made with another secret',
      signature: sign(BODY, OTHER_SECRET),
      body: BODY,
      secrets: [SECRET],
      reason: 'signature_mismatch',
    },
    {
      case: 'a body changed after signing',
      signature: sign(BODY),
      body: Buffer.concat([BODY, Buffer.from(' ')]),
      secrets: [SECRET],
      reason: 'signature_mismatch',
    },
    {
      case: 'no configured secret',
      signature: sign(BODY),
      body: BODY,
      secrets: [],
      reason: 'no_secret_configured',
    },
  ])('rejects $case with SignatureError ($reason)', ({ signature, body, secrets, reason }) => {
    expect(verify(body, signature, secrets)).toThrow(SignatureError)
    try {
      verify(body, signature, secrets)()
    } catch (error) {
      expect((error as SignatureError).reason).toBe(reason)
    }
  })

  const vectors = readVendorReferenceJson('plain/signature-test-vectors.json') as {
    vectors: {
      secret: string
      body?: string
      bodyFile?: string
      bodyTransform?: string
      signature: string
    }[]
  }

  it.each(vectors.vectors.map((vector, index) => ({ index, ...vector })))(
    "matches Plain's published test vector $index",
    ({ secret, body, bodyFile, bodyTransform, signature }) => {
      let bytes: string = body ?? ''
      if (bodyFile) {
        const parsed = readVendorReferenceJson(bodyFile) as {
          webhookMetadata: { webhookTargetVersion: string }
        }
        if (bodyTransform) parsed.webhookMetadata.webhookTargetVersion = '2026-04-21'
        bytes = JSON.stringify(parsed)
      }
      expect(() => {
        verifyPlainSignature(
          { body: Buffer.from(bytes), headers: { 'plain-request-signature': signature } },
          [secret]
        )
      }).not.toThrow()
    }
  )

  it('rejects a body that was re-serialised after signing (raw bytes only)', () => {
    const raw = Buffer.from('{ "id": "pEv_1",\n  "url": "https:\\/\\/example.com" }')
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())))
    expect(verify(reserialised, sign(raw))).toThrow(SignatureError)
  })
})

describe('checkPlainFreshness', () => {
  const body = (timestamp: unknown) => ({
    webhookMetadata: { webhookDeliveryAttemptTimestamp: timestamp },
  })
  /** `now` and the tolerance, as `checkPlainFreshness` takes them after the body. */
  const at = (iso: string, toleranceSeconds = 300) => [new Date(iso), toleranceSeconds] as const

  it('accepts an attempt 299 s in the past and 299 s in the future', () => {
    expect(() =>
      checkPlainFreshness(body('2024-01-01T00:00:00.000Z'), ...at('2024-01-01T00:04:59.000Z'))
    ).not.toThrow()
    expect(() =>
      checkPlainFreshness(body('2024-01-01T00:04:59.000Z'), ...at('2024-01-01T00:00:00.000Z'))
    ).not.toThrow()
  })

  it.each([
    { case: 'six minutes old', now: '2024-01-01T00:06:00.000Z' },
    { case: 'six minutes in the future', now: '2023-12-31T23:54:00.000Z' },
  ])('rejects an attempt $case with SignatureError (stale_timestamp)', ({ now }) => {
    expect(() => checkPlainFreshness(body('2024-01-01T00:00:00.000Z'), ...at(now))).toThrow(
      expect.objectContaining({ name: 'SignatureError', reason: 'stale_timestamp' })
    )
  })

  it('honours a configured tolerance', () => {
    const late = at('2024-01-01T00:06:00.000Z', 600)
    expect(() => checkPlainFreshness(body('2024-01-01T00:00:00.000Z'), ...late)).not.toThrow()
    expect(() =>
      checkPlainFreshness(body('2024-01-01T00:00:00.000Z'), ...at('2024-01-01T00:00:31.000Z', 30))
    ).toThrow(SignatureError)
  })

  it.each([
    { case: 'no webhookMetadata', value: {} },
    { case: 'a timestamp that is not a date', value: body('yesterday') },
    { case: 'a numeric timestamp', value: body(1700000000) },
    { case: 'a non-object body', value: [1, 2] },
  ])('reports $case as a payload error (authentic, so dead-lettered)', ({ value }) => {
    expect(() => checkPlainFreshness(value, ...at('2024-01-01T00:00:00.000Z'))).toThrow(
      PayloadError
    )
  })
})
