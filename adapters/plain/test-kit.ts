import { createHmac } from 'node:crypto'
import type { VendorTestKit } from '../../src/adapter/index.ts'

interface Delivery {
  webhookMetadata?: {
    webhookDeliveryAttemptNumber?: number
    webhookDeliveryAttemptId?: string
    webhookDeliveryAttemptTimestamp?: string
  }
}

const parse = (body: Uint8Array) => JSON.parse(Buffer.from(body).toString('utf8')) as Delivery

/**
 * Plain for the shared tests. The signer is written from Plain's request-signing page, apart from
 * `verify.ts`: hex HMAC-SHA256 of the raw bytes in `Plain-Request-Signature`.
 *
 * @see https://www.plain.com/docs/request-signing
 */
export const testKit: VendorTestKit = {
  env: (secret) => ({ PLAIN_SIGNING_SECRETS: secret }),
  sign: (body, secret) => ({
    'plain-request-signature': createHmac('sha256', secret).update(body).digest('hex'),
  }),
  redeliver(body) {
    const delivery = parse(body)
    const meta = delivery.webhookMetadata ?? {}
    delivery.webhookMetadata = {
      ...meta,
      webhookDeliveryAttemptNumber: (meta.webhookDeliveryAttemptNumber ?? 1) + 1,
      webhookDeliveryAttemptId: 'whAttempt_01J00000000000000000000000',
      webhookDeliveryAttemptTimestamp: '2031-01-01T00:00:10.000Z',
    }
    return Buffer.from(JSON.stringify(delivery))
  },
  // One second after the signed delivery attempt, so the freshness window holds forever.
  receivedAt(body) {
    try {
      const at = parse(body).webhookMetadata?.webhookDeliveryAttemptTimestamp
      return at ? new Date(Date.parse(at) + 1000) : undefined
    } catch {
      return undefined // not JSON: no timestamp to honour
    }
  },
}
