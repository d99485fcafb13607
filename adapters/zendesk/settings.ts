import {
  secretsAndTolerance,
  type SecretsAndTolerance,
  type VendorSettings,
} from '../../src/adapter/index.ts'

/**
 * Zendesk's settings: the webhooks' signing secrets (`ZENDESK_SIGNING_SECRETS[_FILE]`), and how
 * fresh a signed timestamp must be (`ZENDESK_TIMESTAMP_TOLERANCE_SECONDS`).
 */
export type ZendeskSettings = SecretsAndTolerance

/**
 * Zendesk's variables. The tenant is the body's `account_id`, so there is one (`default`) account;
 * each webhook has its own signing secret, so several webhooks (or a reset one) mean a list.
 */
export const zendeskSettings: VendorSettings<ZendeskSettings> = {
  variables: [
    {
      name: 'ZENDESK_SIGNING_SECRETS',
      secret: true,
      meaning:
        'Zendesk webhook signing secrets, one per webhook (`POST /webhooks/zendesk`; every account).',
    },
    {
      name: 'ZENDESK_SIGNING_SECRETS_FILE',
      meaning: 'File of Zendesk signing secrets, instead of `ZENDESK_SIGNING_SECRETS`.',
    },
    {
      name: 'ZENDESK_TIMESTAMP_TOLERANCE_SECONDS',
      default: '300',
      meaning:
        'A Zendesk delivery whose `X-Zendesk-Webhook-Signature-Timestamp` is further than this from now is refused (401).',
    },
  ],
  parse: (env, readFile) =>
    secretsAndTolerance(
      'ZENDESK_SIGNING_SECRETS',
      'ZENDESK_TIMESTAMP_TOLERANCE_SECONDS',
      env,
      readFile
    ),
}
