import { readFileSync } from 'node:fs'
import * as v from 'valibot'
import { ConfigError } from '../errors.ts'
import { parseAccounts } from './accounts.ts'
import { describeIssue } from './problems.ts'
import { createEnvSchema, type Config } from './schema.ts'
import type { ReadFile } from './values.ts'

export type { Config } from './schema.ts'

const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8')

/**
 * Reads the configuration from `env` (usually `process.env`; other variables are ignored) and
 * the files its `*_FILE` variables name. Throws `ConfigError` listing every problem found, each
 * naming its variable and none showing a secret; the caller prints it and exits 2.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadFile = readUtf8
): Config {
  const parsed = v.safeParse(createEnvSchema(readFile), env)
  const { accounts, problems } = parseAccounts(env, readFile)
  if (!parsed.success || problems.length > 0) {
    const issues = parsed.success ? [] : parsed.issues.map(describeIssue)
    throw new ConfigError([...new Set([...issues, ...problems])])
  }
  Object.assign(parsed.output.vendors.helpcrunch.accounts, accounts)
  return parsed.output
}
