import { describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'
import { adapterFor } from '../src/adapter/contract.ts'
import { normalize, type NormalizeResult } from '../src/pipeline.ts'
import { listFixtureCases, type FixtureCase } from './helpers/fixtures.ts'
import { testKitOf } from './helpers/vendor-kits.ts'

/** The same vendor event, delivered again (new attempt), as its vendor's test kit writes it. */
const redeliver = (fixture: FixtureCase) => testKitOf(fixture.vendor).redeliver(fixture.body)

const run = (fixture: FixtureCase, body: Uint8Array | string): NormalizeResult =>
  normalize(adapterFor(adapters, fixture.vendor)!, { body, tenant: fixture.tenant })

const mapped = listFixtureCases().filter((fixture) => {
  try {
    return run(fixture, fixture.body).status === 'mapped'
  } catch {
    return false
  }
})

describe('canonical ids and events are deterministic', () => {
  it('covers fixtures of every registered vendor', () => {
    expect(new Set(mapped.map((fixture) => fixture.vendor))).toEqual(
      new Set(adapters.map((adapter) => adapter.vendor))
    )
  })

  it.each(mapped)('$vendor $name: the same body twice gives the same events', (fixture) => {
    expect(run(fixture, Buffer.from(fixture.body))).toEqual(run(fixture, fixture.body))
  })

  it.each(mapped)(
    '$vendor $name: a redelivery with a new attempt gives the same events',
    (fixture) => {
      const first = run(fixture, fixture.body)
      const again = run(fixture, redeliver(fixture))
      expect(again).toEqual(first)
      if (first.status === 'mapped') {
        expect(first.events.map((event) => event.id)).toEqual(
          first.events.length === 1
            ? [`${fixture.vendor}:${first.meta.eventId}`]
            : first.events.map((_, i) => `${fixture.vendor}:${first.meta.eventId}:${i + 1}`)
        )
      }
    }
  )
})
