import { createHmac } from 'node:crypto'
import type { VendorTestKit } from '../../src/adapter/index.ts'

/**
 * Zendesk for the shared tests. The signer is written from Zendesk's "Verifying webhook
 * authenticity" page, apart from `verify.ts`: `X-Zendesk-Webhook-Signature-Timestamp` is `now`
 * (ISO-8601, whole seconds) and `X-Zendesk-Webhook-Signature` the base64 HMAC-SHA256 of that text
 * followed by the body. Signing at `now` satisfies the freshness check, so no `receivedAt`.
 *
 * @see https://developer.zendesk.com/documentation/webhooks/verifying/
 */
export const testKit: VendorTestKit = {
  env: (secret) => ({ ZENDESK_SIGNING_SECRETS: secret }),
  sign(body, secret, now) {
    const timestamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z')
    const signature = createHmac('sha256', secret)
      .update(Buffer.concat([Buffer.from(timestamp, 'utf8'), body]))
      .digest('base64')
    return {
      'x-zendesk-webhook-signature-timestamp': timestamp,
      'x-zendesk-webhook-signature': signature,
    }
  },
  // Zendesk sends a redelivery as the same bytes: a new attempt differs only in the signed
  // timestamp header (which `sign` sets), never in the body, so there is nothing to change.
  redeliver: (body) => body,
}
