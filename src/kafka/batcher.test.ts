import type { TopicMessages } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { MicroBatcher, recordBytes, type BatchReport } from './batcher.ts'
import type { TopicRecord } from './records.ts'

const record = (topic: string, key: string, value = key): TopicRecord => ({
  topic,
  message: { key, value },
})

/** A fake producer: records each request and how many ran at once; resolves after `delayMs` or fails when told to. */
function fakeSend(delayMs = 0) {
  const requests: TopicMessages[][] = []
  const sizes: number[] = []
  let failNext: Error | undefined
  let running = 0
  let maxConcurrent = 0
  const send = async (batch: TopicMessages[], _links: unknown, bytes: number) => {
    requests.push(batch)
    sizes.push(bytes)
    running++
    maxConcurrent = Math.max(maxConcurrent, running)
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    running--
    if (failNext) {
      const error = failNext
      failNext = undefined
      throw error
    }
  }
  return {
    send,
    requests,
    sizes,
    maxConcurrent: () => maxConcurrent,
    fail: (error: Error) => (failNext = error),
  }
}

describe('MicroBatcher', () => {
  it('puts the records of concurrent webhooks into one produce request', async () => {
    const fake = fakeSend()
    const batcher = new MicroBatcher(fake.send, {
      lingerMs: 20,
      maxBatchMessages: 100,
      maxBatchBytes: 1 << 20,
    })
    await Promise.all([
      batcher.publish([record('a', 'k1')]),
      batcher.publish([record('b', 'k2'), record('a', 'k3')]),
      batcher.publish([record('a', 'k4')]),
    ])
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]).toEqual([
      {
        topic: 'a',
        messages: [
          { key: 'k1', value: 'k1' },
          { key: 'k3', value: 'k3' },
          { key: 'k4', value: 'k4' },
        ],
      },
      { topic: 'b', messages: [{ key: 'k2', value: 'k2' }] },
    ])
  })

  it('closes a batch early at maxBatchMessages, keeping webhooks whole', async () => {
    const fake = fakeSend()
    const batcher = new MicroBatcher(fake.send, {
      lingerMs: 1000,
      maxBatchMessages: 3,
      maxBatchBytes: 1 << 20,
    })
    const started = performance.now()
    await Promise.all([
      batcher.publish([record('a', '1'), record('a', '2')]),
      batcher.publish([record('a', '3'), record('a', '4')]),
      batcher.publish([record('a', '5')]),
    ])
    expect(performance.now() - started).toBeLessThan(900)
    expect(fake.requests.map((r) => r[0]!.messages.map((m) => m.key))).toEqual([
      ['1', '2'],
      ['3', '4', '5'],
    ])
  })

  it('keeps one request in flight and sends in acceptance order, so per-key order holds', async () => {
    const fake = fakeSend(15)
    const batcher = new MicroBatcher(fake.send, {
      lingerMs: 1,
      maxBatchMessages: 2,
      maxBatchBytes: 1 << 20,
    })
    const published = Array.from({ length: 9 }, (_, i) =>
      batcher.publish([record('t', 'same-key', String(i))])
    )
    await Promise.all(published)
    const order = fake.requests.flatMap((r) => r.flatMap((g) => g.messages.map((m) => m.value)))
    expect(order).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8'])
    expect(fake.requests.length).toBeGreaterThan(1)
    expect(fake.maxConcurrent()).toBe(1)
  })

  it('rejects every webhook of a failed request with its error, and later batches still go', async () => {
    const fake = fakeSend(5)
    const reports: BatchReport[] = []
    const batcher = new MicroBatcher(
      fake.send,
      { lingerMs: 5, maxBatchMessages: 10, maxBatchBytes: 1 << 20 },
      (r) => reports.push(r)
    )
    fake.fail(new Error('broker down'))
    const first = Promise.allSettled([
      batcher.publish([record('a', '1')]),
      batcher.publish([record('a', '2')]),
    ])
    expect((await first).map((r) => r.status)).toEqual(['rejected', 'rejected'])
    await expect(batcher.publish([record('a', '3')])).resolves.toBeUndefined()
    expect(reports.map((r) => [r.requests, r.messages, r.error === undefined])).toEqual([
      [2, 2, false],
      [1, 1, true],
    ])
    expect(batcher.queuedMessages).toBe(0)
  })

  it('flush() sends what is queued without waiting for the linger', async () => {
    const fake = fakeSend()
    const batcher = new MicroBatcher(fake.send, {
      lingerMs: 60_000,
      maxBatchMessages: 100,
      maxBatchBytes: 1 << 20,
    })
    const pending = batcher.publish([record('a', '1')])
    await batcher.flush()
    await expect(pending).resolves.toBeUndefined()
    expect(fake.requests).toHaveLength(1)
  })

  it('bounds a request by estimated bytes, and sends a webhook larger than the bound alone', async () => {
    const fake = fakeSend()
    const batcher = new MicroBatcher(fake.send, {
      lingerMs: 20,
      maxBatchMessages: 100,
      maxBatchBytes: 1000,
    })
    const big = 'x'.repeat(1500)
    await Promise.all([
      batcher.publish([record('a', 'k1', 'x'.repeat(400))]),
      batcher.publish([record('a', 'k2', 'x'.repeat(400))]),
      batcher.publish([record('a', 'k3', big)]),
      batcher.publish([record('a', 'k4', 'x'.repeat(100))]),
    ])
    expect(fake.requests.map((r) => r[0]!.messages.map((m) => m.key))).toEqual([
      ['k1', 'k2'],
      ['k3'],
      ['k4'],
    ])
    expect(fake.sizes).toEqual([804, 1502, 102])
  })

  it('estimates bytes from keys, values and headers', () => {
    expect(
      recordBytes([
        {
          topic: 't',
          message: {
            key: 'ab',
            value: Buffer.from('cde'),
            headers: { h: 'ü', g: ['x', Buffer.from('yz')] },
          },
        },
      ])
    ).toBe(2 + 3 + 1 + 2 + 1 + 1 + 2)
  })

  it('resolves an empty publish without a request', async () => {
    const fake = fakeSend()
    await new MicroBatcher(fake.send, {
      lingerMs: 1,
      maxBatchMessages: 1,
      maxBatchBytes: 1 << 20,
    }).publish([])
    expect(fake.requests).toHaveLength(0)
  })
})
