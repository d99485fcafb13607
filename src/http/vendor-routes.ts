import type { VendorAdapter, Verifier } from '../adapter/contract.ts'
import type { VendorConfig } from '../config/config.ts'

/** One vendor as served: its adapter and a verifier bound to each account's settings. */
export interface VendorRoute {
  readonly adapter: VendorAdapter
  /** Account → verifier; `default` serves `/webhooks/<vendor>`. */
  readonly verifiers: Readonly<Record<string, Verifier>>
}

/** Binds every vendor's verifiers once, at start, to the settings of each of its accounts. */
export const bindVendors = (vendors: readonly VendorConfig[]): VendorRoute[] =>
  vendors.map(({ adapter, accounts }) => ({
    adapter,
    verifiers: Object.fromEntries(
      Object.entries(accounts).map(([account, settings]) => [
        account,
        adapter.createVerifier(settings),
      ])
    ),
  }))
