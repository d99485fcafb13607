import { LRUCache } from 'lru-cache'

/** Size and age bounds of the window. */
export interface DedupOptions {
  /** Most event keys remembered; the least recently published go first. */
  readonly maxEntries: number
  /** How long a published key is remembered. */
  readonly ttlMs: number
  /** Milliseconds clock for the TTL; injectable for tests. */
  readonly now?: () => number
}

/** What `runOnce` did: published now, or found the event already published. */
export type DedupOutcome = 'published' | 'duplicate'

/**
 * Publishes each vendor event once within a bounded window. Keys are `<vendor>:<tenant>:<event id>`.
 * A key is remembered only after its publish succeeded, so a failed attempt (503) can be retried;
 * a delivery that arrives while the same event is still being published waits for that publish
 * and shares its outcome, so two concurrent deliveries publish once. Bounded by `lru-cache`
 * (entry count and TTL), which does this eviction better than a hand-written map would.
 */
export class DedupWindow {
  readonly #published: LRUCache<string, true>
  readonly #inFlight = new Map<string, Promise<void>>()

  constructor(options: DedupOptions) {
    this.#published = new LRUCache<string, true>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      // Read the clock on every check instead of caching it for a millisecond behind a timer.
      ttlResolution: 0,
      ...(options.now && { perf: { now: options.now } }),
    })
  }

  /** Runs `publish` unless `key` was published in the window or is being published right now. */
  async runOnce(key: string, publish: () => Promise<void>): Promise<DedupOutcome> {
    if (this.#published.has(key)) return 'duplicate'
    const running = this.#inFlight.get(key)
    if (running) {
      await running // rethrows the first delivery's failure: this one is answered the same way
      return 'duplicate'
    }
    const attempt = publish()
    this.#inFlight.set(key, attempt)
    try {
      await attempt
      this.#published.set(key, true)
      return 'published'
    } finally {
      this.#inFlight.delete(key)
    }
  }

  /** Keys currently remembered as published. */
  get size(): number {
    return this.#published.size
  }
}
