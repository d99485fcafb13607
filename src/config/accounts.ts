import * as v from 'valibot'
import { describeIssue } from './problems.ts'
import { secretList, secretListFile, type ReadFile } from './values.ts'

const PREFIX = 'HELPCRUNCH_ACCOUNT_'

/** `HELPCRUNCH_ACCOUNT_<NAME>_SIGNING_KEYS` or its `_FILE` twin; `<NAME>` is checked apart. */
const ACCOUNT_VARIABLE = /^HELPCRUNCH_ACCOUNT_(.+)_SIGNING_KEYS(?:_FILE)?$/

/** Maps a variable's `<NAME>` to its route segment: `ACME_EU` → `acme-eu`. */
export const toAccountName = (name: string): string => name.toLowerCase().replaceAll('_', '-')

/** The keys of one account: the list variable or its file, not both; neither means `[]`. */
const accountKeysSchema = (name: string, readFile: ReadFile) => {
  const keys = `${PREFIX}${name}_SIGNING_KEYS`
  const file = `${keys}_FILE`
  return v.pipe(
    v.object({ [keys]: v.optional(secretList), [file]: v.optional(secretListFile(readFile)) }),
    v.forward(
      v.partialCheck(
        [[keys], [file]],
        (env) => env[keys] === undefined || env[file] === undefined,
        `set ${keys} or ${file}, not both`
      ),
      [file]
    ),
    v.transform((env) => env[file] ?? env[keys] ?? [])
  )
}

/** The accounts found and the problems met, each problem naming its variable. */
export interface ParsedAccounts {
  /** Account name (route segment) → signing keys; never holds `default`. */
  readonly accounts: Record<string, string[]>
  readonly problems: readonly string[]
}

/**
 * Finds every `HELPCRUNCH_ACCOUNT_<NAME>_SIGNING_KEYS[_FILE]` in `env` and parses its keys
 * (files read with `readFile`). A variable with this prefix that does not fit the pattern is a
 * problem rather than ignored, so a misspelt account fails at boot instead of answering 404.
 */
export function parseAccounts(
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadFile
): ParsedAccounts {
  const problems: string[] = []
  const names = new Set<string>()
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith(PREFIX) || env[variable] === undefined) continue
    const name = ACCOUNT_VARIABLE.exec(variable)?.[1]
    if (name === undefined || !/^[A-Z0-9_]+$/.test(name)) {
      problems.push(
        `${variable}: not an account variable; expected ${PREFIX}<NAME>_SIGNING_KEYS or …_SIGNING_KEYS_FILE, <NAME> of A-Z, 0-9 and _`
      )
    } else if (name === 'DEFAULT') {
      problems.push(`${variable}: the default account's keys go in HELPCRUNCH_SIGNING_KEYS`)
    } else {
      names.add(name)
    }
  }
  const accounts: Record<string, string[]> = {}
  for (const name of names) {
    const result = v.safeParse(accountKeysSchema(name, readFile), env)
    if (result.success) accounts[toAccountName(name)] = result.output
    else problems.push(...result.issues.map(describeIssue))
  }
  return { accounts, problems }
}
