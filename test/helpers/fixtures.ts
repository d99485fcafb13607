import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CanonicalEvent } from '../../src/canonical/index.ts'
import type { NormalizeResult } from '../../src/pipeline.ts'
import { SwitchboardError } from '../../src/errors.ts'
import { testKitOf } from './vendor-kits.ts'

/** Root of the golden fixtures: `fixtures/<vendor>/<case>/{body.json,headers.json,expected.json}`. */
export const FIXTURES_DIR = join(import.meta.dirname, '..', '..', 'fixtures')

/** One golden case. `name` is `<vendor event type>` or `<type>--<variant>`. */
export interface FixtureCase {
  readonly vendor: string
  readonly name: string
  readonly eventType: string
  readonly dir: string
  readonly body: Buffer
  readonly headers: Record<string, string>
  /** `context.json` when present: the account the case is posted for (`account` tenancy). */
  readonly tenant: string
}

/** A fixture's `body.json`, parsed: the starting point of a test that changes one field of it. */
export const fixtureBody = (vendor: string, name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES_DIR, vendor, name, 'body.json'), 'utf8')) as Record<
    string,
    unknown
  >

/**
 * Verbatim copies of the vendor reference files the adapter tests read (JSON Schema snapshots,
 * signature vectors, event catalogues); `test/vendor-reference/README.md` says where
 * each came from. Same layout as the shared `vendors/` folder, so the vectors' `bodyFile` paths
 * resolve against it.
 */
export const VENDOR_REFERENCE_DIR = join(import.meta.dirname, '..', 'vendor-reference')

/** The exact bytes of a vendor reference file; `path` is relative to `VENDOR_REFERENCE_DIR`. */
export const readVendorReference = (path: string): Buffer =>
  readFileSync(join(VENDOR_REFERENCE_DIR, path))

/** A vendor reference file parsed as JSON; the caller states the shape it relies on. */
export const readVendorReferenceJson = (path: string): unknown =>
  JSON.parse(readVendorReference(path).toString('utf8'))

/** The files of a vendor reference folder (`<vendor>/schema`), as paths relative to `VENDOR_REFERENCE_DIR`, sorted. */
export const listVendorReference = (folder: string): string[] =>
  readdirSync(join(VENDOR_REFERENCE_DIR, folder))
    .sort()
    .map((file) => join(folder, file))

/** Every fixture case of every vendor, sorted, read once. */
export function listFixtureCases(): FixtureCase[] {
  return readdirSync(FIXTURES_DIR)
    .sort()
    .flatMap((vendor) =>
      readdirSync(join(FIXTURES_DIR, vendor))
        .sort()
        .map((name) => {
          const dir = join(FIXTURES_DIR, vendor, name)
          const contextFile = join(dir, 'context.json')
          const context = existsSync(contextFile)
            ? (JSON.parse(readFileSync(contextFile, 'utf8')) as { tenant?: string })
            : {}
          return {
            vendor,
            name,
            eventType: name.split('--')[0]!,
            dir,
            body: readFileSync(join(dir, 'body.json')),
            headers: JSON.parse(readFileSync(join(dir, 'headers.json'), 'utf8')) as Record<
              string,
              string
            >,
            tenant: context.tenant ?? 'default',
          }
        })
    )
}

/**
 * The instant a fixture is "received": as its vendor's test kit says, where the body carries a
 * signed delivery time (so the freshness window holds forever), else a fixed instant.
 */
export const fixtureNow = (fixture: FixtureCase): Date =>
  testKitOf(fixture.vendor).receivedAt?.(fixture.body) ?? new Date('2026-01-01T00:00:00.000Z')

/** What `expected.json` holds: the result, or the typed error for a rejected body. */
export type GoldenResult =
  NormalizeResult | { status: 'rejected'; error: { name: string; code: string; reason: string } }

/** Turns a thrown `SwitchboardError` into its golden form; anything else is rethrown (a bug). */
export function rejected(error: unknown): GoldenResult {
  if (error instanceof SwitchboardError) {
    return {
      status: 'rejected',
      error: { name: error.name, code: error.code, reason: error.reason },
    }
  }
  throw error
}

/** 2-space JSON with a trailing newline: the golden file format. */
export const toGoldenJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/** The canonical events a fixture's golden file holds (none for an ignored or rejected case). */
export function goldenEvents(vendor: string, name: string): CanonicalEvent[] {
  const golden = JSON.parse(
    readFileSync(join(FIXTURES_DIR, vendor, name, 'expected.json'), 'utf8')
  ) as {
    events?: CanonicalEvent[]
  }
  return golden.events ?? []
}
