import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { DedupWindow } from './dedup-window.ts'

const publisher = () => {
  const calls: string[] = []
  return {
    calls,
    publish: (key: string) => () => {
      calls.push(key)
      return Promise.resolve()
    },
  }
}

describe('DedupWindow', () => {
  it('publishes a key once and reports later deliveries as duplicates', async () => {
    const window = new DedupWindow({ maxEntries: 10, ttlMs: 60_000 })
    const p = publisher()
    expect(await window.runOnce('plain:w:pEv_1', p.publish('a'))).toBe('published')
    expect(await window.runOnce('plain:w:pEv_1', p.publish('b'))).toBe('duplicate')
    expect(p.calls).toEqual(['a'])
  })

  it('publishes two concurrent deliveries of one event once', async () => {
    const window = new DedupWindow({ maxEntries: 10, ttlMs: 60_000 })
    let release = () => {}
    const slow = vi.fn(() => new Promise<void>((resolve) => (release = resolve)))
    const first = window.runOnce('k', slow)
    const second = window.runOnce('k', slow)
    release()
    expect(await Promise.all([first, second])).toEqual(['published', 'duplicate'])
    expect(slow).toHaveBeenCalledTimes(1)
  })

  it('does not remember a failed publish, so a retry publishes, and a concurrent delivery fails too', async () => {
    const window = new DedupWindow({ maxEntries: 10, ttlMs: 60_000 })
    let fail: (error: Error) => void = () => {}
    const failing = () => new Promise<void>((_, reject) => (fail = reject))
    const first = window.runOnce('k', failing)
    const second = window.runOnce('k', failing)
    fail(new Error('kafka down'))
    await expect(first).rejects.toThrow('kafka down')
    await expect(second).rejects.toThrow('kafka down')
    const p = publisher()
    expect(await window.runOnce('k', p.publish('retry'))).toBe('published')
    expect(p.calls).toEqual(['retry'])
  })

  it('forgets keys after the TTL', async () => {
    let now = 1_000_000
    const window = new DedupWindow({ maxEntries: 10, ttlMs: 1000, now: () => now })
    const p = publisher()
    await window.runOnce('k', p.publish('a'))
    now += 900
    expect(await window.runOnce('k', p.publish('b'))).toBe('duplicate')
    now += 200
    expect(await window.runOnce('k', p.publish('c'))).toBe('published')
    expect(p.calls).toEqual(['a', 'c'])
  })

  it('holds at most maxEntries keys, evicting the oldest', async () => {
    const window = new DedupWindow({ maxEntries: 3, ttlMs: 60_000 })
    const p = publisher()
    for (const key of ['1', '2', '3', '4']) await window.runOnce(key, p.publish(key))
    expect(window.size).toBe(3)
    expect(await window.runOnce('1', p.publish('1 again'))).toBe('published')
    expect(await window.runOnce('4', p.publish('4 again'))).toBe('duplicate')
  })

  it('finds each of 100,000 published keys', async () => {
    const window = new DedupWindow({ maxEntries: 100_000, ttlMs: 60_000 })
    const key = (i: number) => `plain:ws_01HZX${i % 97}:pEv_01J${i}`
    const publish = () => Promise.resolve()
    for (let i = 0; i < 100_000; i++) await window.runOnce(key(i), publish)
    expect(window.size).toBe(100_000)
    let duplicates = 0
    for (let i = 0; i < 100_000; i++) {
      if ((await window.runOnce(key(i), publish)) === 'duplicate') duplicates++
    }
    expect(duplicates).toBe(100_000)
  })

  it('answers like a model FIFO window over random deliveries, failures and time', async () => {
    const KEYS = 12
    const delivery = fc.record({
      key: fc.nat(KEYS - 1),
      fails: fc.boolean(),
      dt: fc.integer({ min: 0, max: 40 }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(delivery, { maxLength: 60 }),
        async (maxEntries, ttlMs, deliveries) => {
          let now = 0
          const window = new DedupWindow({ maxEntries, ttlMs, now: () => now })
          // Published keys and when, oldest first: the window must hold the last maxEntries fresh ones.
          let model: { key: number; at: number }[] = []
          for (const { key, fails, dt } of deliveries) {
            now += dt
            model = model.filter((entry) => now - entry.at <= ttlMs)
            const publish = () => (fails ? Promise.reject(new Error('down')) : Promise.resolve())
            const outcome = window.runOnce(`plain:w:${key}`, publish)
            if (model.some((entry) => entry.key === key)) {
              expect(await outcome).toBe('duplicate')
            } else if (fails) {
              await expect(outcome).rejects.toThrow('down')
            } else {
              expect(await outcome).toBe('published')
              model.push({ key, at: now })
              if (model.length > maxEntries) model.shift()
            }
            expect(window.size).toBe(model.length)
          }
        }
      )
    )
  })

  it('allocates for the keys it holds, not for maxEntries', async () => {
    const window = new DedupWindow({ maxEntries: 1_048_576, ttlMs: 60_000 })
    expect(window.memoryBytes).toBeLessThan(64 * 1024)
    const publish = () => Promise.resolve()
    for (let i = 0; i < 5000; i++) await window.runOnce(`k${i}`, publish)
    expect(window.memoryBytes).toBeGreaterThanOrEqual(5000 * 24)
    expect(window.memoryBytes).toBeLessThanOrEqual(2 * 5000 * 40)
  })
})
