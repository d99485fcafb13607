import { describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'
import { adapterFor } from '../src/adapter/contract.ts'
import { normalize, type NormalizeResult } from '../src/pipeline.ts'
import { listFixtureCases, type FixtureCase } from './helpers/fixtures.ts'

/** The same vendor event, delivered again: new attempt number, attempt id and attempt time. */
function redeliver(fixture: FixtureCase): string {
  const body = JSON.parse(fixture.body.toString('utf8')) as Record<string, unknown>
  if (fixture.vendor === 'plain') {
    const meta = body['webhookMetadata'] as Record<string, unknown>
    meta['webhookDeliveryAttemptNumber'] = Number(meta['webhookDeliveryAttemptNumber'] ?? 1) + 1
    meta['webhookDeliveryAttemptId'] = 'whAttempt_01J00000000000000000000000'
    meta['webhookDeliveryAttemptTimestamp'] = '2031-01-01T00:00:10.000Z'
  } else {
    body['attempts'] = Number(body['attempts'] ?? 0) + 1
    body['lastAttemptAt'] = 1924992010
  }
  return JSON.stringify(body)
}

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
  it('covers fixtures of both vendors', () => {
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
