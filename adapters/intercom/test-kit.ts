import { createHmac } from 'node:crypto'
import type { VendorTestKit } from '../../src/adapter/index.ts'

/**
 * Intercom for the shared tests. The signer is written from Intercom's signing notes (README §3),
 * apart from `verify.ts`: `X-Hub-Signature: sha1=` + hex HMAC-SHA1 of the raw bytes. One route:
 * the body names its workspace (`app_id`).
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const testKit: VendorTestKit = {
  env: (secret) => ({ INTERCOM_CLIENT_SECRETS: secret }),
  sign: (body, secret) => ({
    'x-hub-signature': `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
  }),
  // Intercom retries once, a minute later (README §4): same `id`, one more attempt.
  redeliver(body) {
    const delivery = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>
    delivery['delivery_attempts'] = Number(delivery['delivery_attempts'] ?? 1) + 1
    delivery['delivery_status'] = 'retry'
    delivery['delivered_at'] = Number(delivery['first_sent_at'] ?? 0) + 60
    return Buffer.from(JSON.stringify(delivery))
  },
}
