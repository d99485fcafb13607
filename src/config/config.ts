import { readFileSync } from 'node:fs'
import * as v from 'valibot'
import type { Registry, VendorAdapter } from '../adapter/contract.ts'
import { ConfigError } from '../errors.ts'
import { describeIssue } from './problems.ts'
import { createEnvSchema, ENV_VARIABLES } from './schema.ts'
import type { ReadFile } from './values.ts'

/** One vendor's configuration: its adapter and its parsed settings per account (`default` always). */
export interface VendorConfig {
  readonly adapter: VendorAdapter
  readonly accounts: Readonly<Record<string, unknown>>
}

/** The validated boot-time configuration, nested by concern; see `docs/configuration.md`. */
export type Config = v.InferOutput<ReturnType<typeof createEnvSchema>> & {
  /** The registry's vendors, in its order, each with the settings its own variables gave. */
  readonly vendors: readonly VendorConfig[]
}

const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8')

/**
 * Reads the configuration from `env` (usually `process.env`; other variables are ignored) and
 * the files its `*_FILE` variables name: the bridge's own variables, then each registered
 * vendor's (`adapter.settings`). Throws `ConfigError` listing every problem found, each naming its
 * variable and none showing a secret; the caller prints it and exits 2.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  registry: Registry,
  readFile: ReadFile = readUtf8
): Config {
  const parsed = v.safeParse(createEnvSchema(readFile), env)
  const problems = parsed.success ? [] : parsed.issues.map(describeIssue)
  const vendors: VendorConfig[] = []
  for (const adapter of registry) {
    const settings = adapter.settings.parse(env, readFile)
    if (settings.ok) vendors.push({ adapter, accounts: settings.accounts })
    else problems.push(...settings.problems)
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)])
  return { ...parsed.output, vendors }
}

/** Every variable name the configuration reads: what `docs/configuration.md` must document. */
export const configVariables = (registry: Registry): string[] => [
  ...ENV_VARIABLES,
  ...registry.flatMap((adapter) => adapter.settings.variables.map((variable) => variable.name)),
]
