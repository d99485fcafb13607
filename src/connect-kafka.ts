/**
 * The Kafka side of a bridge at start-up: the publisher, the shared de-duplication store, and how
 * the service keeps trying while Kafka cannot be reached.
 */
import type { Kafka } from 'kafkajs'
import type { Config } from './config/config.ts'
import { startSharedDedup } from './dedup/shared-dedup.ts'
import type { DedupLog } from './dedup/dedup-log.ts'
import type { DedupWindow } from './dedup/dedup-window.ts'
import type { Logger } from './log.ts'
import { KafkaPublisher } from './kafka/kafka-publisher.ts'
import { recordLimitBytes } from './kafka/topics.ts'

/** The Kafka side of a bridge: the publisher and, with `DEDUP_STORE=kafka`, the de-dup log. */
export async function connectKafka(
  kafka: Kafka,
  config: Config,
  brokers: readonly string[],
  dedup: DedupWindow,
  logger: Logger
): Promise<{ publisher: KafkaPublisher; dedupLog: DedupLog | undefined }> {
  const publisher = await KafkaPublisher.start(
    kafka,
    {
      topics: {
        topics: config.kafka.topics,
        partitions: config.kafka.topicPartitions,
        replicationFactor: config.kafka.topicReplicationFactor,
        create: config.kafka.createTopics,
        maxMessageBytes: recordLimitBytes(config.http.bodyLimitBytes),
      },
      lingerMs: config.kafka.lingerMs,
      maxBatchMessages: config.kafka.maxBatchMessages,
      healthIntervalMs: config.kafka.healthIntervalMs,
      producer: { clientId: config.kafka.clientId, broker: brokers[0] },
    },
    logger
  )
  if (config.dedup.store !== 'kafka') return { publisher, dedupLog: undefined }
  try {
    return { publisher, dedupLog: await startSharedDedup(kafka, config, dedup, publisher, logger) }
  } catch (error) {
    await publisher.stop()
    throw error
  }
}

/** Runs `attempt` every `intervalMs` until it succeeds or `done()`; failures are logged at debug. */
export async function retryUntil(
  attempt: () => Promise<void>,
  done: () => boolean,
  intervalMs: number,
  logger: Logger
): Promise<void> {
  while (!done()) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
    if (done()) return
    try {
      await attempt()
      logger.log('info', 'Kafka reached')
      return
    } catch (error) {
      logger.log('debug', 'Kafka still unreachable', {
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
}

/**
 * True for kafkajs's own errors of reaching the cluster (refused or dropped connections, timeouts,
 * no broker, retries exhausted on those), the ones a later attempt can cure; false for an
 * authentication failure and for Switchboard's own checks of the topics, which need an operator.
 */
export function isKafkaUnreachable(error: unknown): boolean {
  const name = error instanceof Error ? error.name : ''
  return name.startsWith('KafkaJS') && name !== 'KafkaJSSASLAuthenticationError'
}

/**
 * Runs `attempt` every `intervalMs` until it succeeds or `deadlineMs` from now has passed; then
 * throws the last failure (`first` when no later attempt ran).
 */
export async function retryWithin(
  attempt: () => Promise<void>,
  deadlineMs: number,
  intervalMs: number,
  first: unknown
): Promise<void> {
  const end = Date.now() + deadlineMs
  let last = first
  while (Date.now() + intervalMs < end) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
    try {
      await attempt()
      return
    } catch (error) {
      last = error
    }
  }
  throw last
}
