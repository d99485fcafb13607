/**
 * Runs `attempt` until it succeeds or fails for good: again after 200 ms while it fails with an
 * error kafkajs marks retriable, for up to ~10 s. A topic another bridge has just created is
 * unknown to some requests (UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER) until its metadata has
 * spread, and kafkajs's admin bails out of ListOffsets and DescribeConfigs on those at once.
 */
export async function retryRetriable<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt()
    } catch (error) {
      if (tries >= 50 || (error as { retriable?: unknown }).retriable !== true) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}
