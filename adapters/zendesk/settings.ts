import * as v from 'valibot'
import {
  integerFrom,
  secretsSetting,
  settingsFrom,
  type VendorSettings,
} from '../../src/adapter/index.ts'

/** Zendesk's settings: the webhooks' signing secrets, and how fresh a signed timestamp must be. */
export interface ZendeskSettings {
  /** `ZENDESK_SIGNING_SECRETS[_FILE]`: every secret is tried (rotation); `[]` answers 401. */
  readonly secrets: readonly string[]
  /** `ZENDESK_TIMESTAMP_TOLERANCE_SECONDS`: older (or future) signed timestamps are refused. */
  readonly toleranceSeconds: number
}

const tolerance = v.object({
  ZENDESK_TIMESTAMP_TOLERANCE_SECONDS: v.optional(integerFrom(1), '300'),
})

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
  parse(env, readFile) {
    const secrets = settingsFrom(secretsSetting('ZENDESK_SIGNING_SECRETS', readFile), env)
    const seconds = settingsFrom(tolerance, env)
    if (!secrets.ok || !seconds.ok) {
      return {
        ok: false,
        problems: [
          ...(secrets.ok ? [] : secrets.problems),
          ...(seconds.ok ? [] : seconds.problems),
        ],
      }
    }
    const settings: ZendeskSettings = {
      secrets: secrets.value,
      toleranceSeconds: seconds.value.ZENDESK_TIMESTAMP_TOLERANCE_SECONDS,
    }
    return { ok: true, accounts: { default: settings } }
  },
}
