import kafkajs, { type Admin } from 'kafkajs'
import type { Logger } from '../log.ts'

const { ConfigResourceTypes } = kafkajs

/** What setting up the de-dup topic needs to know. */
export interface DedupTopicOptions {
  readonly topic: string
  /** The topic's `retention.ms`: how long an id is remembered. */
  readonly ttlMs: number
  readonly replicationFactor: number
  /** `KAFKA_CREATE_TOPICS`: create it when missing. */
  readonly create: boolean
}

/**
 * Creates the topic when missing (and allowed), with records deleted past the window so it does
 * not grow for ever. An existing topic (one from an earlier bridge is `compact,delete` with more
 * partitions) is used as it is, with a warning when nothing ever deletes its records.
 */
export async function ensureDedupTopic(
  admin: Admin,
  options: DedupTopicOptions,
  logger: Logger
): Promise<void> {
  const { topic } = options
  const existing = await admin.listTopics()
  if (existing.includes(topic)) {
    await warnOnPolicy(admin, topic, logger)
    return
  }
  if (!options.create) {
    throw new Error(`missing Kafka topic (KAFKA_CREATE_TOPICS=false): ${topic}`)
  }
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic,
        // One partition: every bridge reads all of it anyway, and a turn's ids make one record.
        numPartitions: 1,
        replicationFactor: options.replicationFactor,
        configEntries: [
          // Batch records have unique keys: nothing to compact; they leave with the window.
          { name: 'cleanup.policy', value: 'delete' },
          { name: 'retention.ms', value: String(options.ttlMs) },
        ],
      },
    ],
  })
  logger.log('info', 'created Kafka topics', { topics: [topic] })
}

/** A topic whose records are never deleted grows for ever: say so once. */
async function warnOnPolicy(admin: Admin, topic: string, logger: Logger): Promise<void> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }],
  })
  const policy = resources[0]?.configEntries[0]?.configValue ?? ''
  if (!policy.includes('delete')) {
    logger.log(
      'warn',
      `topic ${topic}: cleanup.policy is "${policy}", without delete; its batch records are kept for ever`,
      { topic }
    )
  }
}
