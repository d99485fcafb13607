import { fingerprint } from './fingerprint.ts'
import { FingerprintTable } from './fingerprint-table.ts'

/** Size and age bounds of the window. */
export interface DedupOptions {
  /** Most event keys remembered; the earliest published go first. */
  readonly maxEntries: number
  /** How long a published key is remembered. */
  readonly ttlMs: number
  /** Milliseconds clock for the TTL; injectable for tests. Default `performance.now()`. */
  readonly now?: () => number
}

/**
 * De-duplication across instances and restarts (`DedupLog`): a read barrier before publishing an
 * unseen key, and the notice to the others after it was published.
 */
export interface SharedDedup {
  /**
   * Claims `key` among the instances before publishing it: `mine` (publish it), or `duplicate`
   * (another instance published it). Throws `UnavailableError` when Kafka does not take the claim,
   * or another instance holds it and has not published in time.
   */
  claim(fp: Uint8Array): Promise<'mine' | 'duplicate'>
  /** Resolves once every key published elsewhere before the call is known here. */
  barrier(): Promise<void>
  /** Tells the other instances (and later restarts) that `fp` was published; never rejects. */
  published(fp: Uint8Array): Promise<void>
}

/** What `runOnce` did: published now, or found the event already published. */
export type DedupOutcome = 'published' | 'duplicate'

/**
 * Publishes each vendor event once within a bounded window. Keys are `<vendor>:<tenant>:<event id>`.
 * A key is remembered only after its publish succeeded, so a failed attempt (503) can be retried;
 * a delivery that arrives while the same event is still being published waits for that publish
 * and shares its outcome, so two concurrent deliveries publish once.
 *
 * A published key is remembered as its 128-bit {@link fingerprint} in a {@link FingerprintTable}
 * (about 32 bytes per id, allocated as the window fills) rather than as a string in a map (~380
 * bytes per id), so the default window of 1,048,576 ids costs ~32 MiB. Keys leave oldest first,
 * when `ttlMs` has passed or `maxEntries` later keys were published. Only keys being published
 * right now are held as strings.
 */
export class DedupWindow {
  readonly #published: FingerprintTable
  readonly #inFlight = new Map<string, Promise<DedupOutcome>>()
  readonly #now: () => number
  #shared: SharedDedup | undefined

  constructor(options: DedupOptions) {
    this.#published = new FingerprintTable({
      maxEntries: options.maxEntries,
      ttlMs: options.ttlMs,
    })
    // Monotonic, as lru-cache's was: a wall-clock step back must not keep ids past their TTL.
    this.#now = options.now ?? (() => performance.now())
  }

  /** Shares the window with other instances from now on (see `DedupLog`). */
  share(shared: SharedDedup): void {
    this.#shared = shared
  }

  /** Whether the fingerprint `fp` (16 bytes from `offset`) is remembered as published. */
  knows(fp: Uint8Array, offset = 0): boolean {
    return this.#published.has(fp, this.#now(), offset)
  }

  /**
   * Remembers a fingerprint (16 bytes from `offset`) another instance, or an earlier run,
   * published; `false` if it was known already.
   */
  learn(fp: Uint8Array, offset = 0): boolean {
    const now = this.#now()
    if (this.#published.has(fp, now, offset)) return false
    this.#published.add(fp, now, offset)
    return true
  }

  /** Whether `key` is known as published (here, or by another instance this one has read). */
  isPublished(key: string): boolean {
    return this.knows(fingerprint(key))
  }

  /** Waits until the ids other instances published before now are known here (no-op when unshared). */
  async barrier(): Promise<void> {
    await this.#shared?.barrier()
  }

  /** Remembers `key` as published by the caller (a drained spool batch) and tells the others. */
  async markPublished(key: string): Promise<void> {
    const fp = fingerprint(key)
    this.#published.add(fp, this.#now())
    await this.#shared?.published(fp)
  }

  /**
   * Runs `publish` unless `key` was published in the window or is being published right now.
   * With a shared log, an unseen key first waits for the read barrier (it may have been published
   * by another instance a moment ago), and once published is announced to the others.
   */
  async runOnce(key: string, publish: () => Promise<void>): Promise<DedupOutcome> {
    const fp = fingerprint(key)
    if (this.#published.has(fp, this.#now())) return 'duplicate'
    const running = this.#inFlight.get(key)
    if (running) {
      await running // rethrows the first delivery's failure: this one is answered the same way
      return 'duplicate'
    }
    const attempt = this.#attempt(fp, publish)
    this.#inFlight.set(key, attempt)
    try {
      return await attempt
    } finally {
      this.#inFlight.delete(key)
    }
  }

  async #attempt(fp: Uint8Array, publish: () => Promise<void>): Promise<DedupOutcome> {
    const shared = this.#shared
    if (shared) {
      const claimed = await shared.claim(fp)
      if (claimed === 'duplicate' || this.#published.has(fp, this.#now())) return 'duplicate'
    }
    await publish()
    this.#published.add(fp, this.#now())
    // Not awaited: the answer need not wait a produce round for it. Queued for this turn's batch
    // record, so a graceful stop flushes it; a crash before it lands leaves this instance's
    // claim, which blocks other deliveries of the key (503 claimed_elsewhere) until it lapses,
    // then lets one publish again.
    void shared?.published(fp)
    return 'published'
  }

  /** Keys currently remembered as published (reclaims the expired ones first). */
  get size(): number {
    this.#published.expire(this.#now())
    return this.#published.size
  }

  /** Bytes held for remembered keys (typed arrays); grows with the window up to ~32 per key. */
  get memoryBytes(): number {
    return this.#published.memoryBytes
  }
}
