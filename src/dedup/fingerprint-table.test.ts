import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FingerprintTable } from './fingerprint-table.ts'

/** A fingerprint from its four little-endian words; the first word picks the home cell. */
const fp = (a: number, b = 0, c = 0, d = 0) => {
  const bytes = new Uint8Array(16)
  const view = new DataView(bytes.buffer)
  for (const [i, w] of [a, b, c, d].entries()) view.setUint32(i * 4, w >>> 0, true)
  return bytes
}

/**
 * Fingerprints crafted to collide: keys come in groups of four sharing the first two words (so
 * the same home cell) and differing only in the third or fourth word. Groups 0, 2 and 3 share the
 * first word 0 and differ in the second; group 1's first word (0xffffffff) is the last cell of any
 * index, so its probe chains wrap around into the others'.
 */
const HOMES = [0, 0xffffffff, 0]
const keyFp = (key: number) =>
  fp(HOMES[(key >> 2) % HOMES.length]!, key >> 2, (key >> 1) & 1, key & 1)

/** The specification: a plain array in insertion order, scanned on every call. */
class ModelTable {
  readonly #entries: { key: number; at: number; dead: boolean }[] = []
  readonly #max: number
  readonly #ttl: number

  constructor(max: number, ttl: number) {
    this.#max = max
    this.#ttl = ttl
  }

  #fresh(entry: { at: number; dead: boolean }, now: number) {
    return !entry.dead && now - entry.at <= this.#ttl
  }

  expire(now: number) {
    while (this.#entries.length > 0 && !this.#fresh(this.#entries[0]!, now)) this.#entries.shift()
  }

  add(key: number, now: number) {
    this.expire(now)
    const held = this.#entries.find((entry) => !entry.dead && entry.key === key)
    if (held) {
      if (this.#fresh(held, now)) return
      held.dead = true // an expired entry behind a newer one (clock stepped back) keeps its place
    }
    if (this.#entries.length === this.#max) this.#entries.shift()
    this.#entries.push({ key, at: now, dead: false })
  }

  has(key: number, now: number) {
    return this.#entries.some((entry) => entry.key === key && this.#fresh(entry, now))
  }

  get size() {
    return this.#entries.filter((entry) => !entry.dead).length
  }
}

describe('FingerprintTable', () => {
  it('matches a plain array model over random adds, expiries and clock steps', () => {
    const KEYS = 16
    const step = fc.record({
      op: fc.constantFrom('add', 'add', 'add', 'expire'),
      key: fc.nat(KEYS - 1),
      // Mostly forward; sometimes back, which leaves expired entries behind newer ones.
      dt: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 40 }), weight: 3 },
        { arbitrary: fc.integer({ min: -150, max: -1 }), weight: 1 }
      ),
    })
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((max) => fc.tuple(fc.constant(max), fc.integer({ min: 1, max }))),
        fc.integer({ min: 1, max: 100 }),
        fc.array(step, { maxLength: 80 }),
        ([max, initialCapacity], ttlMs, steps) => {
          const table = new FingerprintTable({ maxEntries: max, ttlMs, initialCapacity })
          const model = new ModelTable(max, ttlMs)
          let now = 1000
          for (const { op, key, dt } of steps) {
            now += dt
            if (op === 'add') {
              table.add(keyFp(key), now)
              model.add(key, now)
            } else {
              table.expire(now)
              model.expire(now)
            }
            for (let k = 0; k < KEYS; k++) expect(table.has(keyFp(k), now)).toBe(model.has(k, now))
            expect(table.size).toBe(model.size)
            expect(table.size).toBeLessThanOrEqual(max)
          }
        }
      ),
      { numRuns: 500 }
    )
  })

  it('reads a fingerprint at an offset of a longer buffer (a batch record) as its own bytes', () => {
    const table = new FingerprintTable({ maxEntries: 10, ttlMs: 1000 })
    const batch = new Uint8Array(48)
    batch.set(fp(1, 2, 3, 4), 0)
    batch.set(fp(5, 6, 7, 8), 16)
    batch.set(fp(9, 10, 11, 12), 32)
    table.add(batch, 0, 16)
    expect(table.has(fp(5, 6, 7, 8), 1)).toBe(true)
    expect(table.has(batch, 1, 16)).toBe(true)
    expect(table.has(batch, 1, 0)).toBe(false)
    expect(table.has(batch, 1, 32)).toBe(false)
    table.add(fp(9, 10, 11, 12), 2)
    expect(table.has(batch, 3, 32)).toBe(true)
    expect(() => table.has(batch, 3, 40)).toThrow(RangeError)
  })

  it('compares all four words of a fingerprint', () => {
    const table = new FingerprintTable({ maxEntries: 10, ttlMs: 1000 })
    table.add(fp(1, 2, 3, 4), 0)
    expect(table.has(fp(1, 2, 3, 4), 0)).toBe(true)
    for (const other of [fp(9, 2, 3, 4), fp(1, 9, 3, 4), fp(1, 2, 9, 4), fp(1, 2, 3, 9)]) {
      expect(table.has(other, 0)).toBe(false)
    }
  })

  it.each([
    ['spread', (i: number) => fp(i, i)],
    ['colliding', (i: number) => fp(i % 3, i)],
  ])('holds the last maxEntries across many wrap-arounds of the ring (%s homes)', (_, makeFp) => {
    const max = 5
    const table = new FingerprintTable({ maxEntries: max, ttlMs: Infinity })
    for (let i = 0; i < 1000; i++) {
      table.add(makeFp(i), 0)
      expect(table.size).toBe(Math.min(i + 1, max))
      for (let back = 0; back < max && back <= i; back++) {
        expect(table.has(makeFp(i - back), 0)).toBe(true)
      }
      if (i >= max) expect(table.has(makeFp(i - max), 0)).toBe(false)
    }
    expect(table.capacity).toBe(max)
  })

  it('counts an entry absent once ttlMs has passed, and reclaims it from the tail', () => {
    const table = new FingerprintTable({ maxEntries: 10, ttlMs: 1000 })
    table.add(fp(1), 0)
    table.add(fp(2), 500)
    expect(table.has(fp(1), 1000)).toBe(true)
    expect(table.has(fp(1), 1001)).toBe(false)
    expect(table.has(fp(2), 1001)).toBe(true)
    expect(table.size).toBe(2) // not reclaimed until something is added or expired
    table.add(fp(3), 1001)
    expect(table.size).toBe(2)
    table.expire(1501)
    expect(table.size).toBe(1)
    expect(table.has(fp(3), 1501)).toBe(true)
  })

  it('re-adds an entry that expired behind a newer one after the clock stepped back', () => {
    const table = new FingerprintTable({ maxEntries: 4, ttlMs: 100 })
    table.add(fp(1), 500)
    table.add(fp(2), 0) // clock stepped back: fp(2) is behind fp(1) but older
    expect(table.has(fp(2), 150)).toBe(false)
    table.add(fp(2), 150) // retires fp(2)'s first slot, which keeps its place in the ring
    expect(table.has(fp(2), 150)).toBe(true)
    expect(table.has(fp(1), 150)).toBe(true)
    expect(table.size).toBe(2)
    // Ring: fp(1), retired, fp(2), fp(3); full, so fp(4) drops fp(1), and fp(5) the retired slot.
    table.add(fp(3), 150)
    table.add(fp(4), 150)
    expect(table.has(fp(1), 150)).toBe(false)
    table.add(fp(5), 150)
    expect([2, 3, 4, 5].map((i) => table.has(fp(i), 150))).toEqual([true, true, true, true])
    expect(table.size).toBe(4)
  })

  it('grows by doubling up to maxEntries, keeping every entry', () => {
    const table = new FingerprintTable({ maxEntries: 100, ttlMs: Infinity, initialCapacity: 4 })
    const capacities = new Set<number>()
    for (let i = 0; i < 150; i++) {
      table.add(fp(i * 0x9e3779b9, i), 0)
      capacities.add(table.capacity)
      const held = Math.min(i + 1, 100)
      for (let j = i + 1 - held; j <= i; j++) expect(table.has(fp(j * 0x9e3779b9, j), 0)).toBe(true)
    }
    expect([...capacities]).toEqual([4, 8, 16, 32, 64, 100])
    // Ring 24 B per slot; index 256 cells of 4 B (a power of two ≥ 2 × 100).
    expect(table.memoryBytes).toBe(100 * 24 + 256 * 4)
  })

  it('keeps eviction order when it grows a ring that has wrapped', () => {
    const table = new FingerprintTable({ maxEntries: 5, ttlMs: 10, initialCapacity: 4 })
    table.add(fp(0), 0)
    table.add(fp(1), 0)
    for (const i of [2, 3, 4, 5]) table.add(fp(i), 20) // 0 and 1 expire; 4 and 5 wrap to slots 0, 1
    expect(table.capacity).toBe(4)
    table.add(fp(6), 20) // full: grows to 5, oldest first
    expect(table.capacity).toBe(5)
    table.add(fp(7), 20) // full at maxEntries: drops the oldest, 2
    expect([2, 3, 4, 5, 6, 7].map((i) => table.has(fp(i), 20))).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
    ])
  })

  it('reuses expired slots instead of growing', () => {
    const table = new FingerprintTable({ maxEntries: 1000, ttlMs: 10, initialCapacity: 2 })
    for (let i = 0; i < 100; i++) table.add(fp(i), i * 20)
    expect(table.capacity).toBe(2)
    expect(table.size).toBe(1)
  })

  it('allocates little up front and at most 64 B per entry when full', () => {
    expect(new FingerprintTable({ maxEntries: 1_048_576, ttlMs: 1 }).memoryBytes).toBe(
      1024 * 24 + 2048 * 4
    )
    for (const max of [1, 2, 3, 1000, 1024, 1025, 65_537]) {
      const table = new FingerprintTable({ maxEntries: max, ttlMs: 1, initialCapacity: max })
      expect(table.memoryBytes / max).toBeLessThanOrEqual(64)
    }
  })

  it('rejects bounds it cannot hold', () => {
    expect(() => new FingerprintTable({ maxEntries: 0, ttlMs: 1 })).toThrow(RangeError)
    expect(() => new FingerprintTable({ maxEntries: 2 ** 31, ttlMs: 1 })).toThrow(RangeError)
    expect(() => new FingerprintTable({ maxEntries: 1.5, ttlMs: 1 })).toThrow(RangeError)
    expect(() => new FingerprintTable({ maxEntries: 1, ttlMs: NaN })).toThrow(RangeError)
    expect(() =>
      new FingerprintTable({ maxEntries: 1, ttlMs: 1 }).has(new Uint8Array(8), 0)
    ).toThrow(RangeError)
  })
})
