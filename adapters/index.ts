import type { Vendor } from '../src/canonical/index.ts'
import { ownValue } from '../src/lookup.ts'
import { helpcrunch } from './helpcrunch/index.ts'
import { plain } from './plain/index.ts'
import type { VendorAdapter } from './types.ts'

export type {
  EventMapping,
  RawWebhook,
  VendorAdapter,
  VerifyOptions,
  WebhookMeta,
} from './types.ts'

/** Every vendor Switchboard accepts. Adding a vendor = one folder + one line here. */
export const adapters: Readonly<Record<Vendor, VendorAdapter>> = {
  plain,
  helpcrunch,
}

/** The adapter of a route segment or CLI argument, `undefined` for an unknown vendor. */
export const adapterFor = (name: string): VendorAdapter | undefined => ownValue(adapters, name)
