import { secretsSetting, settingsFrom, type VendorSettings } from '../../src/adapter/index.ts'

/** Intercom's settings: the app's client secrets. */
export interface IntercomSettings {
  /** `INTERCOM_CLIENT_SECRETS[_FILE]`: every secret is tried (rotation); `[]` answers 401. */
  readonly secrets: readonly string[]
}

/**
 * Intercom's variables. Webhook subscriptions belong to an app and every workspace that installed
 * it posts to the same URL, naming itself in the body's `app_id` (README §1): one route, one
 * (`default`) account. Nothing time-bound is signed, so there is no tolerance setting.
 */
export const intercomSettings: VendorSettings<IntercomSettings> = {
  variables: [
    {
      name: 'INTERCOM_CLIENT_SECRETS',
      secret: true,
      meaning:
        'Intercom app client secrets that sign `X-Hub-Signature` (`POST /webhooks/intercom`).',
    },
    {
      name: 'INTERCOM_CLIENT_SECRETS_FILE',
      meaning: 'File of Intercom client secrets, instead of `INTERCOM_CLIENT_SECRETS`.',
    },
  ],
  parse(env, readFile) {
    const secrets = settingsFrom(secretsSetting('INTERCOM_CLIENT_SECRETS', readFile), env)
    if (!secrets.ok) return { ok: false, problems: secrets.problems }
    return { ok: true, accounts: { default: { secrets: secrets.value } } }
  },
}
