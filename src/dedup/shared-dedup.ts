import type { Kafka } from 'kafkajs'
import type { Config } from '../config/config.ts'
import { UnavailableError } from '../errors.ts'
import type { KafkaPublisher } from '../kafka/kafka-publisher.ts'
import type { Logger } from '../log.ts'
import { DedupLog } from './dedup-log.ts'
import type { DedupWindow } from './dedup-window.ts'

/**
 * Reads the de-dup topic to its end (the bridge listens only after), then shares the window with
 * the other bridges: a read barrier before an unseen event, and a record on the topic once it is
 * published. A record that fails to land is logged and costs nothing but a possible duplicate.
 */
export async function startSharedDedup(
  kafka: Kafka,
  config: Config,
  dedup: DedupWindow,
  publisher: KafkaPublisher,
  logger: Logger
): Promise<DedupLog> {
  const log = new DedupLog(
    kafka,
    {
      topic: config.dedup.topic,
      ttlMs: config.dedup.ttlSeconds * 1000,
      replicationFactor: config.kafka.topicReplicationFactor,
      create: config.kafka.createTopics,
      barrierTimeoutMs: config.dedup.barrierTimeoutMs,
      warmupTimeoutMs: config.dedup.warmupTimeoutMs,
      // A claim outlives its owner's deadline: until then, the owner may still publish.
      claimTtlMs: 2 * config.http.requestDeadlineMs,
    },
    dedup,
    (records) => publisher.publish(records, 'bookkeeping'),
    logger
  )
  try {
    await log.start()
  } catch (error) {
    await log.stop()
    throw error
  }
  dedup.share({
    claim: async (fp) => {
      // Fail fast while Kafka is known to be down, as the events' publish does.
      if (!publisher.ready) throw new UnavailableError('kafka_unavailable', 'Kafka is unreachable')
      const started = performance.now()
      let owner: string
      try {
        // Once the follower reads the claim back, it has read every earlier record of this id.
        owner = await log.claim(fp)
      } catch (error) {
        throw new UnavailableError('publish_failed', 'Kafka did not acknowledge the claim', {
          cause: error,
        })
      }
      if (dedup.knows(fp)) return 'duplicate'
      const first = log.firstClaim(fp)
      if (first === undefined || first === owner) return 'mine'
      // Another bridge claimed it first: its published record makes this a duplicate. Waited
      // for within this webhook's deadline (less a margin), so its answer says why.
      const left = config.http.requestDeadlineMs - (performance.now() - started) - 250
      if (await log.waitPublished(fp, Math.max(0, left))) return 'duplicate'
      throw new UnavailableError(
        'claimed_elsewhere',
        'another bridge holds this event and has not published it yet'
      )
    },
    barrier: () => log.barrier(),
    published: (fp) => log.published(fp),
  })
  return log
}
