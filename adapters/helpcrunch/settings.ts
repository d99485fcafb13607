import { accountSecrets, type VendorSettings } from '../../src/adapter/index.ts'

/** One HelpCrunch account's settings: its signing keys. */
export interface HelpCrunchSettings {
  /** Every key is tried (rotation); `[]` answers 401. */
  readonly secrets: readonly string[]
}

/**
 * HelpCrunch's variables: `HELPCRUNCH_SIGNING_KEYS[_FILE]` for `/webhooks/helpcrunch` and
 * `HELPCRUNCH_ACCOUNT_<NAME>_SIGNING_KEYS[_FILE]` for `/webhooks/helpcrunch/<name>`.
 */
export const helpcrunchSettings: VendorSettings<HelpCrunchSettings> = {
  variables: [
    { name: 'HELPCRUNCH_SIGNING_KEYS' },
    { name: 'HELPCRUNCH_SIGNING_KEYS_FILE' },
    { name: 'HELPCRUNCH_ACCOUNT_<NAME>_SIGNING_KEYS' },
    { name: 'HELPCRUNCH_ACCOUNT_<NAME>_SIGNING_KEYS_FILE' },
  ],
  parse(env, readFile) {
    const result = accountSecrets('HELPCRUNCH', 'SIGNING_KEYS', env, readFile)
    if (!result.ok) return result
    return {
      ok: true,
      accounts: Object.fromEntries(
        Object.entries(result.accounts).map(([account, secrets]) => [account, { secrets }])
      ),
    }
  },
}
