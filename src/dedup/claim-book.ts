import { FINGERPRINT_BYTES } from './fingerprint.ts'
import { hexOf } from './dedup-records.ts'

/** What the log feeds: the window learns every id any instance published. */
export interface DedupLearner {
  /** Remembers the fingerprint at `offset` of `fp`; `false` if it was known already. */
  learn(fp: Uint8Array, offset: number): boolean
  /** Whether the fingerprint at `offset` of `fp` is remembered as published. */
  knows(fp: Uint8Array, offset: number): boolean
}

/** Past this many kept claims, expired ones are swept (claims of crashed or duplicate deliveries). */
const SWEEP_AT = 10_000

/**
 * What the follower reads, kept: every published id goes to the learner (the window), the first
 * live claim of each id is remembered (it wins), and whoever waits for an id to be published is
 * woken when its record is read.
 */
export class ClaimBook {
  readonly #learner: DedupLearner
  /** How long a claim holds a key for its owner before others may claim it. */
  readonly #claimTtlMs: number
  /** Per fingerprint (hex): the first live claim read. */
  readonly #claimed = new Map<string, { owner: string; at: number }>()
  readonly #publishedWaiters = new Map<string, ((published: boolean) => void)[]>()
  #learned = 0
  #lastRecordAt = 0

  constructor(learner: DedupLearner, claimTtlMs: number) {
    this.#learner = learner
    this.#claimTtlMs = claimTtlMs
  }

  /** Learns the fingerprints back to back in `fps`, and wakes whoever waits for one of them. */
  onPublished(fps: Buffer, at: number): void {
    if (at > this.#lastRecordAt) this.#lastRecordAt = at
    // Hex strings only while some claim or waiter could need one: a warm-up reads millions.
    const watched = this.#claimed.size > 0 || this.#publishedWaiters.size > 0
    for (let offset = 0; offset + FINGERPRINT_BYTES <= fps.length; offset += FINGERPRINT_BYTES) {
      if (this.#learner.learn(fps, offset)) this.#learned++
      if (!watched) continue
      const hex = hexOf(fps, offset)
      this.#claimed.delete(hex)
      const waiters = this.#publishedWaiters.get(hex)
      if (waiters) {
        this.#publishedWaiters.delete(hex)
        for (const waiter of waiters) waiter(true)
      }
    }
  }

  /** Keeps the first live claim of each id in `fps`; later ones (while it lives) lose to it. */
  onClaim(fps: Buffer, owner: string, at: number): void {
    // A claim past its life decides nothing (most of a warm-up's claims).
    if (Date.now() - at >= this.#claimTtlMs) return
    for (let offset = 0; offset + FINGERPRINT_BYTES <= fps.length; offset += FINGERPRINT_BYTES) {
      // A claim on an id already published (a redelivery) decides nothing: do not keep it.
      if (!this.#learner.knows(fps, offset)) this.#keepFirstClaim(hexOf(fps, offset), owner, at)
    }
  }

  /** The owner of the first live claim on `fp` read so far, if any. */
  firstClaim(fp: Uint8Array): string | undefined {
    const claim = this.#claimed.get(hexOf(fp))
    return claim && Date.now() - claim.at < this.#claimTtlMs ? claim.owner : undefined
  }

  /** Resolves `true` once a published record for `fp` is read, or `false` after `ms`. */
  waitPublished(fp: Uint8Array, ms: number): Promise<boolean> {
    const hex = hexOf(fp)
    return new Promise((resolve) => {
      const waiters = this.#publishedWaiters.get(hex) ?? []
      const waiter = (published: boolean) => {
        clearTimeout(timer)
        resolve(published)
      }
      const timer = setTimeout(() => {
        const left = (this.#publishedWaiters.get(hex) ?? []).filter((each) => each !== waiter)
        if (left.length > 0) this.#publishedWaiters.set(hex, left)
        else this.#publishedWaiters.delete(hex)
        resolve(false)
      }, ms)
      waiters.push(waiter)
      this.#publishedWaiters.set(hex, waiters)
    })
  }

  /** Ids learned (own and others'), since start. */
  get learned(): number {
    return this.#learned
  }

  /** Unix ms of the newest published record read. */
  get lastRecordAt(): number {
    return this.#lastRecordAt
  }

  /** Answers every waiter `false` (the log is stopping). */
  close(): void {
    for (const waiters of this.#publishedWaiters.values())
      for (const waiter of waiters) waiter(false)
    this.#publishedWaiters.clear()
  }

  #keepFirstClaim(hex: string, owner: string, at: number): void {
    const now = Date.now()
    const current = this.#claimed.get(hex)
    if (current && now - current.at < this.#claimTtlMs) return
    if (now - at >= this.#claimTtlMs) return
    this.#claimed.set(hex, { owner, at })
    if (this.#claimed.size > SWEEP_AT) {
      for (const [key, claim] of this.#claimed) {
        if (now - claim.at >= this.#claimTtlMs) this.#claimed.delete(key)
      }
    }
  }
}
