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
})
