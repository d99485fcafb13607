import * as v from 'valibot'
import type { SettingsResult } from '../adapter/contract.ts'
import { describeIssue } from './problems.ts'
import { integerFrom, secretList, secretListFile, type ReadFile } from './values.ts'

type Env = Readonly<Record<string, string | undefined>>

/**
 * A list of secrets from `variable` or the file `variable_FILE` names, not both; neither is `[]`
 * (the route then answers 401). A valibot schema over the environment, for a vendor's settings.
 */
export const secretsSetting = (variable: string, readFile: ReadFile) => {
  const file = `${variable}_FILE`
  return v.pipe(
    v.object({
      [variable]: v.optional(secretList),
      [file]: v.optional(secretListFile(readFile)),
    }),
    v.forward(
      v.partialCheck(
        [[variable], [file]],
        (env) => env[variable] === undefined || env[file] === undefined,
        `set ${variable} or ${file}, not both`
      ),
      [file]
    ),
    v.transform((env) => env[file] ?? env[variable] ?? [])
  )
}

/** `schema` over `env` as a vendor's settings result, each problem naming its variable. */
export function settingsFrom<TOutput>(
  schema: v.GenericSchema<Env, TOutput>,
  env: Env
):
  | { readonly ok: true; readonly value: TOutput }
  | { readonly ok: false; readonly problems: string[] } {
  const parsed = v.safeParse(schema, env)
  return parsed.success
    ? { ok: true, value: parsed.output }
    : { ok: false, problems: parsed.issues.map(describeIssue) }
}

/** Maps a variable's `<NAME>` to its route segment: `ACME_EU` → `acme-eu`. */
export const toAccountName = (name: string): string => name.toLowerCase().replaceAll('_', '-')

/**
 * The secrets of every account of an `account`-tenancy vendor: `<PREFIX>_<SECRETS>[_FILE]` for
 * the `default` account, and `<PREFIX>_ACCOUNT_<NAME>_<SECRETS>[_FILE]` for account `<name>`
 * (`ACME_EU` serves `/webhooks/<vendor>/acme-eu`). A variable with the account prefix that does not
 * fit the pattern is a problem rather than ignored, so a misspelt account fails at boot instead of
 * answering 404.
 */
export function accountSecrets(
  prefix: string,
  secrets: string,
  env: Env,
  readFile: ReadFile
): SettingsResult<readonly string[]> {
  const accountPrefix = `${prefix}_ACCOUNT_`
  const pattern = new RegExp(`^${accountPrefix}(.+)_${secrets}(?:_FILE)?$`)
  const problems: string[] = []
  const names = new Set<string>()
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith(accountPrefix) || env[variable] === undefined) continue
    const name = pattern.exec(variable)?.[1]
    if (name === undefined || !/^[A-Z0-9_]+$/.test(name)) {
      problems.push(
        `${variable}: not an account variable; expected ${accountPrefix}<NAME>_${secrets} or …_${secrets}_FILE, <NAME> of A-Z, 0-9 and _`
      )
    } else if (name === 'DEFAULT') {
      problems.push(`${variable}: the default account's keys go in ${prefix}_${secrets}`)
    } else {
      names.add(name)
    }
  }
  const accounts: Record<string, readonly string[]> = {}
  for (const [account, variable] of [
    ['default', `${prefix}_${secrets}`],
    ...[...names].map((name) => [toAccountName(name), `${accountPrefix}${name}_${secrets}`]),
  ] as const) {
    const result = settingsFrom(secretsSetting(variable, readFile), env)
    if (result.ok) accounts[account] = result.value
    else problems.push(...result.problems)
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, accounts }
}

/** The settings of a vendor that signs a delivery time: its secrets, and how fresh that time must be. */
export interface SecretsAndTolerance {
  /** Every secret is tried (rotation); `[]` answers 401. */
  readonly secrets: readonly string[]
  /** Signed times further than this from now (either way) are refused. */
  readonly toleranceSeconds: number
}

/**
 * One `default` account (the body names the tenant) of a list of secrets, from `secrets` or
 * `secrets_FILE`, and a freshness tolerance from `tolerance` (whole seconds ≥ 1, default 300).
 * Every problem of both is reported.
 */
export function secretsAndTolerance(
  secrets: string,
  tolerance: string,
  env: Env,
  readFile: ReadFile
): SettingsResult<SecretsAndTolerance> {
  const list = settingsFrom(secretsSetting(secrets, readFile), env)
  const seconds = settingsFrom(v.object({ [tolerance]: v.optional(integerFrom(1), '300') }), env)
  if (!list.ok || !seconds.ok) {
    return {
      ok: false,
      problems: [...(list.ok ? [] : list.problems), ...(seconds.ok ? [] : seconds.problems)],
    }
  }
  const toleranceSeconds = seconds.value[tolerance] ?? 300
  return { ok: true, accounts: { default: { secrets: list.value, toleranceSeconds } } }
}
