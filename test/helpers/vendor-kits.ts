import { adapters } from '../../adapters/index.ts'
import type { VendorTestKit } from '../../src/adapter/contract.ts'

/**
 * Every registered vendor's test kit, read from its own folder (`adapters/<vendor>/test-kit.ts`):
 * the shared tests iterate this, so a vendor added as one folder and one registry line is tested
 * with no other file edited.
 */
export const testKits: ReadonlyMap<string, VendorTestKit> = new Map(
  await Promise.all(
    adapters.map(async ({ vendor }) => {
      const module = (await import(`../../adapters/${vendor}/test-kit.ts`)) as {
        testKit: VendorTestKit
      }
      return [vendor, module.testKit] as const
    })
  )
)

/** The test kit of `vendor`; throws for a vendor without one (every registered vendor has one). */
export function testKitOf(vendor: string): VendorTestKit {
  const kit = testKits.get(vendor)
  if (!kit) throw new Error(`no test kit for ${vendor}: add adapters/${vendor}/test-kit.ts`)
  return kit
}
