import type { VendorConfig } from './config.ts'

/** What a bridge's routes will do with a signed webhook, told once at start. */
export interface VendorReadiness {
  /** Routes with at least one secret: they verify webhooks. */
  readonly verifying: readonly string[]
  /** Routes with none: they answer every webhook 401 `no_secret_configured`. */
  readonly refusing: readonly string[]
  /** The variables that would give the refusing routes of the `default` account a secret. */
  readonly variables: readonly string[]
}

/**
 * Which webhook routes verify and which refuse everything for want of a secret, from the secrets
 * each account's settings hold (the adapter's signer knows where they are). A vendor without a
 * signer is counted as verifying: nothing tells otherwise.
 */
export function vendorReadiness(vendors: readonly VendorConfig[]): VendorReadiness {
  const verifying: string[] = []
  const refusing: string[] = []
  const variables: string[] = []
  for (const { adapter, accounts } of vendors) {
    for (const [account, settings] of Object.entries(accounts)) {
      const route =
        account === 'default'
          ? `/webhooks/${adapter.vendor}`
          : `/webhooks/${adapter.vendor}/${account}`
      const secrets = adapter.signer?.secrets(settings)
      if (secrets === undefined || secrets.length > 0) {
        verifying.push(route)
        continue
      }
      refusing.push(route)
      const variable = adapter.settings.variables.find(
        (each) => each.secret && !each.name.includes('<')
      )
      if (account === 'default' && variable) variables.push(variable.name)
    }
  }
  return { verifying, refusing, variables }
}

/** The start-up line: what verifies, what answers 401 and which variables would fix it. */
export function readinessLine(readiness: VendorReadiness): string {
  const verifying =
    readiness.verifying.length > 0
      ? `webhooks verified on ${readiness.verifying.join(', ')}`
      : 'no webhook route has a signing secret'
  if (readiness.refusing.length === 0) return verifying
  const fix = readiness.variables.length > 0 ? ` (set ${readiness.variables.join(', ')})` : ''
  return `${verifying}; answered 401 for want of a secret on ${readiness.refusing.join(', ')}${fix}`
}
