import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'
import { normalize } from '../src/pipeline.ts'
import {
  fixtureNow,
  listFixtureCases,
  rejected,
  toGoldenJson,
  type FixtureCase,
  type GoldenResult,
} from './helpers/fixtures.ts'
import { validateWithJsonSchema } from './helpers/json-schema.ts'
import { signFor, TEST_SECRET } from './helpers/sign.ts'
import { routeOf, testVendorRoutes, verifierOf } from './helpers/vendors.ts'

const cases = listFixtureCases()
const routes = testVendorRoutes()

/** Posts a fixture as the vendor would: its bytes, its headers, signed now with the test secret. */
function run(fixture: FixtureCase): GoldenResult {
  const route = routeOf(routes, fixture.vendor)
  const { adapter } = route
  const headers = Object.fromEntries(
    Object.entries(fixture.headers).map(([name, value]) => [name.toLowerCase(), value])
  )
  try {
    const verifier = verifierOf(route, fixture.tenant)
    const now = fixtureNow(fixture)
    return normalize(adapter, {
      body: fixture.body,
      tenant: fixture.tenant,
      verify: {
        verifier,
        headers: { ...headers, ...signFor(fixture.vendor, fixture.body, TEST_SECRET, now) },
        now,
      },
    })
  } catch (error) {
    return rejected(error)
  }
}

describe.each([...adapters])('$vendor golden fixtures', (adapter) => {
  const own = cases.filter((c) => c.vendor === adapter.vendor)

  it.each(own)('normalizes $name', async (fixture) => {
    const result = run(fixture)
    await expect(toGoldenJson(result)).toMatchFileSnapshot(join(fixture.dir, 'expected.json'))
    if (result.status === 'mapped') {
      expect(result.events.length).toBeGreaterThan(0)
      for (const event of result.events) expect(validateWithJsonSchema(event)).toEqual([])
    }
  })

  it('emits only the canonical types its docs say each vendor event produces', () => {
    const wrong = own.flatMap((fixture) => {
      const result = run(fixture)
      if (result.status !== 'mapped') return []
      const produces: readonly string[] = adapter.docs.events[result.meta.eventType]?.produces ?? []
      return result.events
        .filter((e) => !produces.includes(e.type))
        .map((e) => `${fixture.name} → ${e.type}`)
    })
    expect(wrong).toEqual([])
  })

  it('documents every mapped event type', () => {
    expect(Object.keys(adapter.events).filter((type) => !adapter.docs.events[type])).toEqual([])
  })

  const families = Object.keys(adapter.ignoredFamilies ?? {})

  it('has a fixture for every mapped and ignored event type, and every ignored family', () => {
    const covered = new Set(own.map((c) => c.eventType))
    const types = [...Object.keys(adapter.events), ...Object.keys(adapter.ignored)]
    expect(types.filter((type) => !covered.has(type))).toEqual([])
    const uncovered = families.filter((prefix) => ![...covered].some((t) => t.startsWith(prefix)))
    expect(uncovered).toEqual([])
  })

  it('has no fixture whose event type the adapter does not know, unless it expects a rejection', () => {
    const known = new Set([...Object.keys(adapter.events), ...Object.keys(adapter.ignored)])
    const knows = (type: string) => known.has(type) || families.some((f) => type.startsWith(f))
    const strays = own.filter((c) => !knows(c.eventType) && run(c).status !== 'rejected')
    expect(strays.map((c) => c.name)).toEqual([])
  })
})
