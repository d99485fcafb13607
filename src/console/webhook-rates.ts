/** Webhooks of one vendor and outcome, per bucket, oldest bucket first. */
export interface RateSeries {
  readonly vendor: string
  readonly outcome: string
  readonly counts: readonly number[]
  /** Sum of `counts`. */
  readonly total: number
}

/** What {@link WebhookRates.snapshot} reports: buckets of `bucketSeconds` ending at `until`. */
export interface RateSnapshot {
  /** ISO 8601: the end of the last bucket (the start of the current, unfinished second). */
  readonly until: string
  readonly bucketSeconds: number
  readonly buckets: number
  readonly series: readonly RateSeries[]
}

/** Vendor × outcome pairs counted at most: both come from the registry and a fixed list. */
const MAX_SERIES = 256

/**
 * Webhooks per second by vendor and outcome over the last `windowSeconds`, from the webhook log
 * lines. One `Uint32Array` slot per second and series, reused round the clock: `add` is O(1) and
 * allocates only the first time a vendor/outcome pair is seen. A slot is cleared when its second
 * comes round again (once per second for every series, not once per webhook).
 */
export class WebhookRates {
  readonly windowSeconds: number
  /** The epoch second each slot holds; a slot whose second is older reads as 0. */
  readonly #slotSecond: Float64Array
  readonly #series = new Map<string, Map<string, Uint32Array>>()
  #count = 0

  constructor(windowSeconds = 300) {
    this.windowSeconds = windowSeconds
    this.#slotSecond = new Float64Array(windowSeconds).fill(-1)
  }

  /** Counts one webhook of `vendor` with `outcome`, answered at `at` (ms since the epoch). */
  add(vendor: string, outcome: string, at: number): void {
    const second = Math.floor(at / 1000)
    const slot = second % this.windowSeconds
    if (this.#slotSecond[slot] !== second) {
      for (const byOutcome of this.#series.values()) {
        for (const counts of byOutcome.values()) counts[slot] = 0
      }
      this.#slotSecond[slot] = second
    }
    const counts = this.#countsOf(vendor, outcome)
    if (counts) counts[slot] = (counts[slot] ?? 0) + 1
  }

  #countsOf(vendor: string, outcome: string): Uint32Array | undefined {
    let byOutcome = this.#series.get(vendor)
    let counts = byOutcome?.get(outcome)
    if (counts) return counts
    // An unbounded label set would be a leak; past the cap new pairs are not counted.
    if (this.#count >= MAX_SERIES) return undefined
    if (!byOutcome) {
      byOutcome = new Map()
      this.#series.set(vendor, byOutcome)
    }
    counts = new Uint32Array(this.windowSeconds)
    byOutcome.set(outcome, counts)
    this.#count++
    return counts
  }

  /**
   * The counts of the whole seconds before `now` (the current second is still filling), summed
   * into buckets of `bucketSeconds`; series without a webhook in the window are left out.
   */
  snapshot(now: number, bucketSeconds = 10): RateSnapshot {
    const current = Math.floor(now / 1000)
    const buckets = Math.floor(this.windowSeconds / bucketSeconds)
    const first = current - buckets * bucketSeconds
    const series: RateSeries[] = []
    for (const [vendor, byOutcome] of this.#series) {
      for (const [outcome, counts] of byOutcome) {
        const sums = new Array<number>(buckets).fill(0)
        for (
          let second = Math.max(first, current - this.windowSeconds);
          second < current;
          second++
        ) {
          const slot = second % this.windowSeconds
          if (this.#slotSecond[slot] !== second) continue
          const bucket = Math.floor((second - first) / bucketSeconds)
          sums[bucket] = (sums[bucket] ?? 0) + (counts[slot] ?? 0)
        }
        const total = sums.reduce((sum, each) => sum + each, 0)
        if (total > 0) series.push({ vendor, outcome, counts: sums, total })
      }
    }
    series.sort((a, b) => a.vendor.localeCompare(b.vendor) || a.outcome.localeCompare(b.outcome))
    return { until: new Date(current * 1000).toISOString(), bucketSeconds, buckets, series }
  }
}
