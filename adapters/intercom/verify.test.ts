import { createHash, createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SignatureError, type RawWebhook, type SignatureFailure } from '../../src/adapter/index.ts'
import { intercom } from './index.ts'

const SECRET = randomBytes(24).toString('base64url')
const OTHER_SECRET = randomBytes(24).toString('base64url')
const BODY = Buffer.from(
  '{"type":"notification_event","app_id":"wk7s2a9d","data":{"type":"notification_event_data","item":{"type":"ping","message":"hi"}},"id":null,"topic":"ping","created_at":1770108000}'
)

/** `sha1=` + hex HMAC-SHA1, as Intercom's signing notes describe it, written apart from the verifier. */
const sign = (body: Uint8Array, secret: string) =>
  `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`

const request = (body: Uint8Array, signature?: string): RawWebhook => ({
  body,
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-hub-signature': signature }),
  },
})

const verify = (req: RawWebhook, secrets: readonly string[] = [SECRET]): void => {
  intercom.createVerifier({ secrets }).verifySignature(req)
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

describe('intercom verifySignature', () => {
  it('keeps the signature header and the x-intercom- headers on dead letters, nothing else', () => {
    expect(intercom.keepsHeader('x-hub-signature')).toBe(true)
    expect(intercom.keepsHeader('x-intercom-webhook-id')).toBe(true)
    expect(intercom.keepsHeader('authorization')).toBe(false)
    expect(intercom.keepsHeader('x-helpcrunch-signature')).toBe(false)
  })

  it.each([
    { case: 'a valid signature', req: () => request(BODY, sign(BODY, SECRET)), secrets: [SECRET] },
    {
      case: 'a request signed with the second of two secrets (rotation)',
      req: () => request(BODY, sign(BODY, SECRET)),
      secrets: [OTHER_SECRET, SECRET],
    },
    {
      case: 'an upper-case hex digest',
      req: () => request(BODY, `sha1=${sign(BODY, SECRET).slice(5).toUpperCase()}`),
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
      case: 'a digest without the sha1= prefix',
      req: () => request(BODY, sign(BODY, SECRET).slice(5)),
      secrets: [SECRET],
      reason: 'malformed_signature',
    },
    {
      case: 'a sha256= header (another scheme)',
      req: () => request(BODY, `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`),
      secrets: [SECRET],
      reason: 'malformed_signature',
    },
    {
      case: 'a digest one character short',
      req: () => request(BODY, sign(BODY, SECRET).slice(0, -1)),
      secrets: [SECRET],
      reason: 'malformed_signature',
    },
    {
      case: 'a digest that is not hex',
      req: () => request(BODY, `sha1=${'z'.repeat(40)}`),
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
      req: () => request(Buffer.from(`${BODY.toString('utf8')}\n`), sign(BODY, SECRET)),
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

  it('signs as it verifies: the body unchanged, X-Hub-Signature sha1=<hex>', () => {
    const signed = intercom.signer.sign(BODY, SECRET, new Date())
    expect(Buffer.from(signed.body).equals(BODY)).toBe(true)
    expect(signed.headers).toEqual({ 'x-hub-signature': sign(BODY, SECRET) })
    expect(() => {
      verify(request(signed.body, signed.headers['x-hub-signature']))
    }).not.toThrow()
  })
})

/** The shared signature vectors (`reference/signature-test-vectors.json`), with their bodies. */
interface Vector {
  readonly bodyFile?: string
  readonly body?: string
  readonly bodyBytes: number
  readonly bodySha256?: string
  readonly secret: string
  readonly configuredSecrets?: readonly string[]
  readonly headers: { readonly 'X-Hub-Signature': string }
  readonly expect: 'accept' | 'reject'
  readonly exercises: string
}

const REFERENCE = join(import.meta.dirname, 'reference')
const vectors = (
  JSON.parse(readFileSync(join(REFERENCE, 'signature-test-vectors.json'), 'utf8')) as {
    vectors: Vector[]
  }
).vectors

/** A vector's signed bytes: its inline body, or its file (`intercom/samples/…`, relative to the vendors folder). */
const bodyOf = (vector: Vector): Buffer =>
  vector.bodyFile === undefined
    ? Buffer.from(vector.body ?? '', 'utf8')
    : readFileSync(join(REFERENCE, vector.bodyFile.replace(/^intercom\//, '')))

describe('intercom verifySignature against the shared signature vectors', () => {
  it('reads all five vectors: four to accept, one deliberately wrong', () => {
    expect(vectors).toHaveLength(5)
    expect(vectors.filter((vector) => vector.expect === 'reject')).toHaveLength(1)
  })

  it.each(vectors)('reads the bytes the vector signed ($exercises)', (vector) => {
    const body = bodyOf(vector)
    expect(body.length).toBe(vector.bodyBytes)
    if (vector.bodySha256 !== undefined) {
      expect(createHash('sha256').update(body).digest('hex')).toBe(vector.bodySha256)
    }
  })

  it.each(vectors)('gives the expected $expect ($exercises)', (vector) => {
    const req = request(bodyOf(vector), vector.headers['X-Hub-Signature'])
    const secrets = vector.configuredSecrets ?? [vector.secret]
    if (vector.expect === 'accept') {
      expect(() => {
        verify(req, secrets)
      }).not.toThrow()
    } else {
      expect(
        failureOf(() => {
          verify(req, secrets)
        })
      ).toBe('signature_mismatch')
    }
  })

  it('rejects the rotation vector when only the current secret is configured', () => {
    const rotation = vectors.find((vector) => vector.configuredSecrets !== undefined)!
    const req = request(bodyOf(rotation), rotation.headers['X-Hub-Signature'])
    expect(
      failureOf(() => {
        verify(req, [rotation.configuredSecrets![0]!])
      })
    ).toBe('signature_mismatch')
  })

  it('rejects the signature of the re-serialised ping, which the compact inline body carries', () => {
    const wrong = vectors.find((vector) => vector.expect === 'reject')!
    const compact = Buffer.from(JSON.stringify(JSON.parse(bodyOf(wrong).toString('utf8'))))
    expect(sign(compact, wrong.secret)).toBe(wrong.headers['X-Hub-Signature'])
  })
})
