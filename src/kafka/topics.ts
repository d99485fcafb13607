import type { Admin } from 'kafkajs'
import type { Topics } from './records.ts'

/** How missing topics are created. */
export interface TopicSettings {
  readonly topics: Topics
  readonly partitions: number
  /** -1 = the broker's default. */
  readonly replicationFactor: number
  readonly create: boolean
}

/**
 * Checks at startup that the three topics exist and creates the missing ones (when allowed), so
 * the first webhook never waits on topic creation and a typo in a topic name fails the boot.
 * Returns the topics it created.
 */
export async function ensureTopics(admin: Admin, settings: TopicSettings): Promise<string[]> {
  const wanted = [
    settings.topics.conversations,
    settings.topics.customers,
    settings.topics.deadLetter,
  ]
  const existing = new Set(await admin.listTopics())
  const missing = wanted.filter((topic) => !existing.has(topic))
  if (missing.length === 0) return []
  if (!settings.create) {
    throw new Error(`missing Kafka topics (KAFKA_CREATE_TOPICS=false): ${missing.join(', ')}`)
  }
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
    })),
  })
  return missing
}
