import { describe, expect, it } from 'vitest'
import { RecentWebhooks } from './recent-webhooks.ts'

const line = (n: number) => ({
  vendor: 'acme',
  tenant: `t-${String(n)}`,
  event_type: 'invoice.paid',
  outcome: 'accepted',
  status: 202,
  duration_ms: n / 10,
})

describe('RecentWebhooks', () => {
  it('holds at most its capacity, whatever the traffic: the newest, newest first', () => {
    const recent = new RecentWebhooks(100)
    for (let n = 1; n <= 10_000; n++) recent.add(n * 1000, line(n))
    expect(recent.size).toBe(100)
    const records = recent.list()
    expect(records).toHaveLength(100)
    expect(records[0]).toMatchObject({
      tenant: 't-10000',
      time: new Date(10_000_000).toISOString(),
    })
    expect(records.at(-1)).toMatchObject({ tenant: 't-9901' })
  })

  it('lists fewer than its capacity before it is full, and honours keep and limit', () => {
    const recent = new RecentWebhooks(10)
    for (let n = 1; n <= 4; n++)
      recent.add(n, { ...line(n), outcome: n % 2 ? 'accepted' : 'rejected' })
    expect(recent.list().map((record) => record.tenant)).toEqual(['t-4', 't-3', 't-2', 't-1'])
    expect(recent.list((record) => record.outcome === 'rejected').map((r) => r.tenant)).toEqual([
      't-4',
      't-2',
    ])
    expect(recent.list(undefined, 1)).toHaveLength(1)
  })

  it('keeps only the fields of a webhook line: never a header, a signature or a body', () => {
    const recent = new RecentWebhooks(2)
    recent.add(0, {
      ...line(1),
      event_id: 'ev-1',
      reason: 'signature_mismatch',
      trace_id: 'a'.repeat(32),
      signature: 'sha256=deadbeef',
      body: '{"secret":1}',
      headers: { authorization: 'x' },
    })
    const [record] = recent.list()
    expect(record).toStrictEqual({
      time: new Date(0).toISOString(),
      vendor: 'acme',
      tenant: 't-1',
      eventType: 'invoice.paid',
      eventId: 'ev-1',
      outcome: 'accepted',
      reason: 'signature_mismatch',
      status: 202,
      durationMs: 0.1,
      traceId: 'a'.repeat(32),
    })
  })

  it.each([0, -1, 1.5])('refuses a capacity of %s', (capacity) => {
    expect(() => new RecentWebhooks(capacity)).toThrow(RangeError)
  })
})
