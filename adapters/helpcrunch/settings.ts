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
    {
      name: 'HELPCRUNCH_SIGNING_KEYS',
      secret: true,
      meaning: 'Signing keys of the HelpCrunch account `default` (`POST /webhooks/helpcrunch`).',
    },
    {
      name: 'HELPCRUNCH_SIGNING_KEYS_FILE',
      meaning: 'File of those keys, instead of `HELPCRUNCH_SIGNING_KEYS`.',
    },
    {
      name: 'HELPCRUNCH_ACCOUNT_<NAME>_SIGNING_KEYS',
      secret: true,
      meaning:
        'Signing keys of one more HelpCrunch account, served at `POST /webhooks/helpcrunch/<name>`. `<NAME>` is `A-Z 0-9 _`; the route uses it lower-cased with `_` as `-` (`ACME_EU` → `acme-eu`). `DEFAULT` is refused: use `HELPCRUNCH_SIGNING_KEYS`. Any other variable starting `HELPCRUNCH_ACCOUNT_` is an error.',
    },
    {
      name: 'HELPCRUNCH_ACCOUNT_<NAME>_SIGNING_KEYS_FILE',
      meaning: "File of one account's keys, instead of the variable above.",
    },
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
