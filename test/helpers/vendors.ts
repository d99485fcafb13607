import { adapters } from '../../adapters/index.ts'
import type { Registry, Verifier } from '../../src/adapter/contract.ts'
import { loadConfig } from '../../src/config/config.ts'
import { bindVendors, type VendorRoute } from '../../src/http/vendor-routes.ts'
import { ownValue } from '../../src/lookup.ts'
import { TEST_SECRET } from './sign.ts'
import { testKits } from './vendor-kits.ts'

/**
 * The vendor variables of a test bridge: the test secret for every registered vendor's accounts
 * (`default`, and `acme` where the route names the account), from each vendor's test kit.
 */
export const TEST_VENDOR_ENV: Readonly<Record<string, string>> = Object.assign(
  {},
  ...[...testKits.values()].map((kit) => kit.env(TEST_SECRET))
) as Record<string, string>

/** The registry's vendors bound to `env` (default: the test secrets), as the service binds them. */
export function testVendorRoutes(
  env: Readonly<Record<string, string>> = TEST_VENDOR_ENV,
  registry: Registry = adapters
): VendorRoute[] {
  return bindVendors(loadConfig(env, registry).vendors)
}

/** The route of `vendor` among `routes`; throws for a vendor that is not there. */
export function routeOf(routes: readonly VendorRoute[], vendor: string): VendorRoute {
  const route = routes.find((each) => each.adapter.vendor === vendor)
  if (!route) throw new Error(`no vendor ${vendor}`)
  return route
}

/**
 * The verifier a webhook for `tenant` reaches, as the routes choose it: the account's own where
 * the vendor's tenant is the route's account, else `default` (the body names its tenant).
 */
export function verifierOf(route: VendorRoute, tenant: string): Verifier {
  const account = route.adapter.tenancy === 'account' ? tenant : 'default'
  const verifier = ownValue(route.verifiers, account)
  if (!verifier) throw new Error(`no ${route.adapter.vendor} account ${account}`)
  return verifier
}
