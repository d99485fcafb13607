import * as v from 'valibot'
import {
  secretsSetting,
  settingsFrom,
  integerFrom,
  type VendorSettings,
} from '../../src/adapter/index.ts'

/** Plain's settings: one workspace's secrets per route, and how fresh a delivery must be. */
export interface PlainSettings {
  /** `PLAIN_SIGNING_SECRETS[_FILE]`: every secret is tried (rotation); `[]` answers 401. */
  readonly secrets: readonly string[]
  /** `PLAIN_TIMESTAMP_TOLERANCE_SECONDS`: older (or future) signed delivery times are refused. */
  readonly toleranceSeconds: number
}

const tolerance = v.object({
  PLAIN_TIMESTAMP_TOLERANCE_SECONDS: v.optional(integerFrom(1), '300'),
})

/** Plain's variables. The tenant is the body's workspace, so there is one (`default`) account. */
export const plainSettings: VendorSettings<PlainSettings> = {
  variables: [
    {
      name: 'PLAIN_SIGNING_SECRETS',
      secret: true,
      meaning: 'Plain webhook signing secrets (`POST /webhooks/plain`).',
    },
    {
      name: 'PLAIN_SIGNING_SECRETS_FILE',
      meaning: 'File of Plain signing secrets, instead of `PLAIN_SIGNING_SECRETS`.',
    },
    {
      name: 'PLAIN_TIMESTAMP_TOLERANCE_SECONDS',
      default: '300',
      meaning:
        'A Plain delivery whose signed timestamp is further than this from now is refused (401).',
    },
  ],
  parse(env, readFile) {
    const secrets = settingsFrom(secretsSetting('PLAIN_SIGNING_SECRETS', readFile), env)
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
    const settings: PlainSettings = {
      secrets: secrets.value,
      toleranceSeconds: seconds.value.PLAIN_TIMESTAMP_TOLERANCE_SECONDS,
    }
    return { ok: true, accounts: { default: settings } }
  },
}
