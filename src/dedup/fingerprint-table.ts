/** Bounds of a {@link FingerprintTable}. */
export interface FingerprintTableOptions {
  /** Most fingerprints held, 1 to {@link MAX_ENTRIES}; when full, the oldest is dropped. */
  readonly maxEntries: number
  /** Milliseconds an entry is held: it counts as absent once `now - addedAt > ttlMs`. */
  readonly ttlMs: number
  /** Ring slots allocated up front (default 1024, at most `maxEntries`); doubled as needed. */
  readonly initialCapacity?: number
}

/** Largest `maxEntries`: ring slot + 1 must fit the index's 32-bit entries (and 2^30 is 32 GiB). */
export const MAX_ENTRIES = 2 ** 30

/** 32-bit words per 128-bit fingerprint. */
const WORDS = 4
/** `#addedAt` of a ring slot whose entry was superseded; it waits in the ring to be dropped. */
const DEAD = -Infinity
/** An unused index cell; used cells hold ring slot + 1. */
const EMPTY = 0
/** Small enough that a test or a small window costs ~32 KiB, large enough to skip early doublings. */
const DEFAULT_INITIAL_CAPACITY = 1024

/**
 * A set of 128-bit fingerprints, each held until `ttlMs` has passed or `maxEntries` newer ones
 * were added: the memory of `DedupWindow`, at a fixed 32–40 bytes per entry and no objects.
 *
 * Entries arrive in time order and share one TTL, so the oldest entry is both the first to expire
 * and the one to drop when full: first in, first out, with no recency bookkeeping. They live in a
 * ring (fingerprint words in a `Uint32Array`, the time added in a `Float64Array` of milliseconds,
 * exact to the clock like the `lru-cache` it replaced; 24 B per slot), and a linear-probing hash
 * index maps a fingerprint to its ring slot (`Uint32Array`, at most half full, so 8–16 B per
 * slot). A fingerprint is uniformly random, so its first word is the hash. Removal from the index
 * is by backward shift: no tombstones, so probe chains never grow with churn.
 *
 * Expired entries count as absent at once and are reclaimed lazily from the ring's tail whenever
 * something is added (or {@link FingerprintTable.expire} is called). The ring starts at
 * `initialCapacity` slots and doubles, up to `maxEntries`, only when it is full of unexpired
 * entries: a window that rarely fills costs what it holds, not what it may hold. Growth never
 * shrinks back, and briefly holds the old and the new arrays (1.5× at the last doubling).
 *
 * Times are expected not to decrease. If the clock does step back, an expired entry may sit behind
 * a newer one; it is still absent, and re-adding its fingerprint retires its slot (DEAD) instead
 * of reusing it, so the ring stays in insertion order.
 */
export class FingerprintTable {
  readonly #maxEntries: number
  readonly #ttlMs: number
  /** Ring slots allocated. */
  #capacity: number
  /** Ring: fingerprint words, `WORDS` per slot. */
  #words: Uint32Array
  /** Ring: milliseconds time each slot was added, or `DEAD`. */
  #addedAt: Float64Array
  /** Ring slot of the oldest entry. */
  #tail = 0
  /** Ring slots in use, from `#tail` on, dead ones included. */
  #count = 0
  /** Dead slots among `#count`. */
  #dead = 0
  /** Hash index: cell → ring slot + 1, or `EMPTY`; its length is a power of two. */
  #index: Uint32Array
  #mask: number
  // The fingerprint being looked up, in fields rather than an array so a lookup allocates nothing.
  #a = 0
  #b = 0
  #c = 0
  #d = 0

  constructor(options: FingerprintTableOptions) {
    const { maxEntries, ttlMs, initialCapacity = DEFAULT_INITIAL_CAPACITY } = options
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1 || maxEntries > MAX_ENTRIES) {
      throw new RangeError(`maxEntries must be an integer from 1 to ${MAX_ENTRIES}: ${maxEntries}`)
    }
    if (!(ttlMs >= 0)) throw new RangeError(`ttlMs must be a number ≥ 0: ${ttlMs}`)
    if (!Number.isSafeInteger(initialCapacity) || initialCapacity < 1) {
      throw new RangeError(`initialCapacity must be a positive integer: ${initialCapacity}`)
    }
    this.#maxEntries = maxEntries
    this.#ttlMs = ttlMs
    this.#capacity = Math.min(initialCapacity, maxEntries)
    this.#words = new Uint32Array(this.#capacity * WORDS)
    this.#addedAt = new Float64Array(this.#capacity)
    this.#index = new Uint32Array(indexLengthFor(this.#capacity))
    this.#mask = this.#index.length - 1
  }

  /** Whether `fp` (its 16 bytes from `offset`) was added and has not expired at `now`. */
  has(fp: Uint8Array, now: number, offset = 0): boolean {
    this.#load(fp, offset)
    const slot = this.#find()
    return slot >= 0 && !this.#isExpired(slot, now)
  }

  /**
   * Adds `fp` (its 16 bytes from `offset`) at time `now`, dropping the oldest entry if the table
   * is full. Adding an unexpired fingerprint again changes nothing: it keeps its first time.
   */
  add(fp: Uint8Array, now: number, offset = 0): void {
    this.expire(now)
    this.#load(fp, offset)
    const found = this.#find()
    if (found >= 0) {
      if (!this.#isExpired(found, now)) return
      // Only when the clock stepped back (see the class comment): retire the stale slot.
      this.#unindex(found)
      this.#addedAt[found] = DEAD
      this.#dead++
    }
    if (this.#count === this.#capacity) {
      if (this.#capacity < this.#maxEntries) this.#grow()
      else this.#dropOldest()
    }
    const slot = (this.#tail + this.#count) % this.#capacity
    const w = slot * WORDS
    this.#words[w] = this.#a
    this.#words[w + 1] = this.#b
    this.#words[w + 2] = this.#c
    this.#words[w + 3] = this.#d
    this.#addedAt[slot] = now
    this.#count++
    this.#indexSlot(slot)
  }

  /** Drops the entries expired at `now` (and dead slots) from the tail of the ring. */
  expire(now: number): void {
    while (this.#count > 0 && this.#isExpired(this.#tail, now)) this.#dropOldest()
  }

  /** Entries held, including expired ones not yet reclaimed (call {@link expire} first). */
  get size(): number {
    return this.#count - this.#dead
  }

  /** Ring slots allocated: grows by doubling from `initialCapacity` to `maxEntries`. */
  get capacity(): number {
    return this.#capacity
  }

  /** Bytes of the typed arrays: ring and index. */
  get memoryBytes(): number {
    return this.#words.byteLength + this.#addedAt.byteLength + this.#index.byteLength
  }

  #load(fp: Uint8Array, offset: number): void {
    if (fp.length < offset + 16) {
      throw new RangeError(`A fingerprint has 16 bytes, got ${fp.length - offset}`)
    }
    this.#a = word(fp, offset)
    this.#b = word(fp, offset + 4)
    this.#c = word(fp, offset + 8)
    this.#d = word(fp, offset + 12)
  }

  /** Ring slot of the loaded fingerprint, or -1. Ends: the index is at most half full. */
  #find(): number {
    const words = this.#words
    const index = this.#index
    const mask = this.#mask
    for (let cell = this.#a & mask; ; cell = (cell + 1) & mask) {
      const entry = index[cell] ?? EMPTY
      if (entry === EMPTY) return -1
      const w = (entry - 1) * WORDS
      if (
        words[w] === this.#a &&
        words[w + 1] === this.#b &&
        words[w + 2] === this.#c &&
        words[w + 3] === this.#d
      ) {
        return entry - 1
      }
    }
  }

  #isExpired(slot: number, now: number): boolean {
    return now - (this.#addedAt[slot] ?? DEAD) > this.#ttlMs
  }

  /** Home cell of the fingerprint in ring slot `slot`. */
  #home(slot: number): number {
    return (this.#words[slot * WORDS] ?? 0) & this.#mask
  }

  #indexSlot(slot: number): void {
    const index = this.#index
    const mask = this.#mask
    let cell = this.#home(slot)
    while ((index[cell] ?? EMPTY) !== EMPTY) cell = (cell + 1) & mask
    index[cell] = slot + 1
  }

  /** Removes ring slot `slot` from the index. */
  #unindex(slot: number): void {
    const index = this.#index
    const mask = this.#mask
    let hole = this.#home(slot)
    for (;;) {
      const entry = index[hole] ?? EMPTY
      if (entry === slot + 1) break
      if (entry === EMPTY) throw new Error(`FingerprintTable: ring slot ${slot} is not indexed`)
      hole = (hole + 1) & mask
    }
    // Backward shift: walk the rest of the cluster and move each entry whose probe path (home to
    // its cell) passes the hole into it, so every lookup still reaches its entry before an empty
    // cell. Tombstones instead would lengthen probe chains with every eviction.
    for (let cell = (hole + 1) & mask; ; cell = (cell + 1) & mask) {
      const entry = index[cell] ?? EMPTY
      if (entry === EMPTY) break
      const home = this.#home(entry - 1)
      if (((cell - home) & mask) >= ((cell - hole) & mask)) {
        index[hole] = entry
        hole = cell
      }
    }
    index[hole] = EMPTY
  }

  #dropOldest(): void {
    const slot = this.#tail
    if (this.#addedAt[slot] === DEAD) this.#dead--
    else this.#unindex(slot)
    this.#tail = (slot + 1) % this.#capacity
    this.#count--
  }

  /** Doubles the ring (up to `maxEntries`); called only when it is full. */
  #grow(): void {
    const capacity = Math.min(this.#capacity * 2, this.#maxEntries)
    const words = new Uint32Array(capacity * WORDS)
    const addedAt = new Float64Array(capacity)
    // Unroll the ring, oldest first from slot 0: its order is the expiry and eviction order.
    const tail = this.#tail
    const wrapped = this.#capacity - tail
    words.set(this.#words.subarray(tail * WORDS))
    words.set(this.#words.subarray(0, tail * WORDS), wrapped * WORDS)
    addedAt.set(this.#addedAt.subarray(tail))
    addedAt.set(this.#addedAt.subarray(0, tail), wrapped)
    this.#capacity = capacity
    this.#words = words
    this.#addedAt = addedAt
    this.#tail = 0
    this.#index = new Uint32Array(indexLengthFor(capacity))
    this.#mask = this.#index.length - 1
    for (let slot = 0; slot < this.#count; slot++) {
      if (addedAt[slot] !== DEAD) this.#indexSlot(slot)
    }
  }
}

/** Index cells for `capacity` ring slots: a power of two, at most half full (≥ 8). */
function indexLengthFor(capacity: number): number {
  let length = 8
  while (length < 2 * capacity) length *= 2
  return length
}

/** Little-endian 32-bit word at `offset`, so the words are the same on every platform. */
function word(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) |
      ((bytes[offset + 1] ?? 0) << 8) |
      ((bytes[offset + 2] ?? 0) << 16) |
      ((bytes[offset + 3] ?? 0) << 24)) >>>
    0
  )
}
