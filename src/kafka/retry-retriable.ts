/** How {@link retryRetriable} tries again. */
export interface RetryOptions {
  /** Tries in all, the first one included (default 50). */
  readonly attempts?: number
  /** Wait after failed try number `attempt` (from 1) before the next (default 200 ms each). */
  readonly delayMs?: (attempt: number) => number
}

/** Doubling waits from 200 ms: 200, 400, 800 … (a request that needs longer than a moment). */
export const doublingDelay = (attempt: number) => 100 * 2 ** attempt

/**
 * Runs `attempt` until it succeeds or fails for good: again while it fails with an error kafkajs
 * marks retriable, by default after 200 ms each, for up to ~10 s. A topic another bridge has just
 * created is unknown to some requests (UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER) until its metadata
 * has spread, and kafkajs's admin bails out of ListOffsets and DescribeConfigs on those at once.
 */
export async function retryRetriable<T>(
  attempt: () => Promise<T>,
  { attempts = 50, delayMs = () => 200 }: RetryOptions = {}
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt()
    } catch (error) {
      if (tries >= attempts || (error as { retriable?: unknown }).retriable !== true) throw error
      await new Promise((resolve) => setTimeout(resolve, delayMs(tries)))
    }
  }
}
