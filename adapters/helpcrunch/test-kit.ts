import { createHmac } from 'node:crypto'
import type { VendorTestKit } from '../../src/adapter/index.ts'

/**
 * HelpCrunch for the shared tests. The signer is written from HelpCrunch's webhook page, apart
 * from `verify.ts`: hex HMAC-SHA1 of the raw bytes in `X-HelpCrunch-Signature`. The tests post to
 * the default account and to `acme`.
 *
 * @see https://docs.helpcrunch.com/webhooks/setting-up-webhooks
 */
export const testKit: VendorTestKit = {
  env: (secret) => ({
    HELPCRUNCH_SIGNING_KEYS: secret,
    HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS: secret,
  }),
  sign: (body, secret) => ({
    'x-helpcrunch-signature': createHmac('sha1', secret).update(body).digest('hex'),
  }),
  redeliver(body) {
    const delivery = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>
    delivery['attempts'] = Number(delivery['attempts'] ?? 0) + 1
    delivery['lastAttemptAt'] = 1924992010
    return Buffer.from(JSON.stringify(delivery))
  },
}
