import { describe, expect, it } from 'vitest'
import { WebhookRates } from './webhook-rates.ts'

const T0 = Date.parse('2030-01-01T00:00:00Z')

describe('WebhookRates', () => {
  it('sums whole seconds into buckets per vendor and outcome, oldest first', () => {
    const rates = new WebhookRates(60)
    rates.add('acme', 'accepted', T0 + 1000)
    rates.add('acme', 'accepted', T0 + 1500)
    rates.add('acme', 'rejected', T0 + 12_000)
    rates.add('other', 'accepted', T0 + 59_000)
    const snapshot = rates.snapshot(T0 + 60_000, 10)
    expect(snapshot.buckets).toBe(6)
    expect(snapshot.until).toBe(new Date(T0 + 60_000).toISOString())
    expect(snapshot.series).toEqual([
      { vendor: 'acme', outcome: 'accepted', counts: [2, 0, 0, 0, 0, 0], total: 2 },
      { vendor: 'acme', outcome: 'rejected', counts: [0, 1, 0, 0, 0, 0], total: 1 },
      { vendor: 'other', outcome: 'accepted', counts: [0, 0, 0, 0, 0, 1], total: 1 },
    ])
  })

  it('forgets seconds older than its window, and a slot reused for a later second starts at 0', () => {
    const rates = new WebhookRates(10)
    for (let i = 0; i < 5; i++) rates.add('acme', 'accepted', T0)
    rates.add('acme', 'accepted', T0 + 10_000) // the same slot, ten seconds later
    const snapshot = rates.snapshot(T0 + 11_000, 1)
    expect(snapshot.series).toEqual([
      { vendor: 'acme', outcome: 'accepted', counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], total: 1 },
    ])
    expect(rates.snapshot(T0 + 30_000, 1).series).toEqual([])
  })

  it('leaves out the current second, which is still filling', () => {
    const rates = new WebhookRates(10)
    rates.add('acme', 'accepted', T0 + 5000)
    expect(rates.snapshot(T0 + 5999, 1).series).toEqual([])
    expect(rates.snapshot(T0 + 6000, 1).series[0]?.total).toBe(1)
  })
})
