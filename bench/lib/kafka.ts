/** Reading what the bridge published: every record of some topics, up to their end. */
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs'

/** A kafkajs client for the bench scripts: quiet, short timeouts. */
export function benchKafka(brokers: readonly string[], clientId = 'switchboard-bench'): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
  })
}

/**
 * The end offset of every partition of `topics` (records in a topic = sum of its ends here). A
 * topic the broker does not have throws, unless `missingAsEmpty` (then it has no partitions here).
 */
export async function endOffsets(
  kafka: Kafka,
  topics: readonly string[],
  missingAsEmpty = false
): Promise<Map<string, number>> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const existing = missingAsEmpty ? new Set(await admin.listTopics()) : undefined
    const ends = new Map<string, number>()
    for (const topic of topics) {
      if (existing && !existing.has(topic)) continue
      for (const p of await admin.fetchTopicOffsets(topic)) {
        ends.set(`${topic}/${String(p.partition)}`, Number(p.high))
      }
    }
    return ends
  } finally {
    await admin.disconnect()
  }
}

/** Records in `topics`, from their end offsets (a missing topic counts 0 with `missingAsEmpty`). */
export async function recordCount(
  kafka: Kafka,
  topics: readonly string[],
  missingAsEmpty = false
): Promise<number> {
  let total = 0
  for (const end of (await endOffsets(kafka, topics, missingAsEmpty)).values()) total += end
  return total
}

/**
 * Reads every record of `topics` from the beginning, up to the end offsets they had when it
 * started, with a consumer group of its own; `onRecord` sees each one. Resolves with the count,
 * and `complete: false` when `timeoutMs` ran out before the end was reached.
 */
export async function readAll(
  kafka: Kafka,
  topics: readonly string[],
  onRecord: (topic: string, message: KafkaMessage) => void,
  timeoutMs = 120_000
): Promise<{ records: number; complete: boolean }> {
  const ends = await endOffsets(kafka, topics)
  const remaining = new Set([...ends].filter(([, end]) => end > 0).map(([key]) => key))
  let records = 0
  if (remaining.size === 0) return { records, complete: true }
  const consumer = kafka.consumer({
    groupId: `switchboard-bench-reader-${randomUUID()}`,
    maxWaitTimeInMs: 200,
    maxBytes: 32 << 20,
    maxBytesPerPartition: 8 << 20,
  })
  await consumer.connect()
  let complete = false
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true })
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      void consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: async ({ batch }) => {
          const key = `${batch.topic}/${String(batch.partition)}`
          const end = ends.get(key) ?? 0
          for (const message of batch.messages) {
            if (Number(message.offset) >= end) break
            records++
            onRecord(batch.topic, message)
            if (Number(message.offset) === end - 1) remaining.delete(key)
          }
          if (remaining.size === 0) {
            complete = true
            clearTimeout(timer)
            resolve()
          }
          return Promise.resolve()
        },
      })
    })
  } finally {
    await consumer.disconnect()
  }
  return { records, complete }
}

/** A record header as a string. */
export function headerText(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name]
  if (value === undefined) return undefined
  return Array.isArray(value) ? String(value[0]) : String(value)
}

/** Creates `topics` (if missing) with `partitions` partitions each and the broker's replication. */
export async function createTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number
): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
    })
  } finally {
    await admin.disconnect()
  }
}
