import type { Admin, Kafka, KafkaMessage } from 'kafkajs'
import { doublingDelay, retryRetriable } from '../kafka/retry-retriable.ts'
import { TopicError } from './cli-kafka.ts'

/** One record as read, with where it sits. */
export interface ReadRecord {
  readonly topic: string
  readonly partition: number
  /** Kafka's offset, a decimal string. */
  readonly offset: string
  readonly message: KafkaMessage
}

/** How long a read may go without progress before it gives up (the broker stopped answering). */
const STALL_MS = 60_000

const keyOf = (topic: string, partition: number) => `${topic}\u0000${String(partition)}`

/**
 * Reads `topics` from the beginning up to the high watermark each partition had when the read
 * began (admin `fetchTopicOffsets`), with a fresh consumer group `groupId` that commits nothing,
 * and then stops: records appended meanwhile are not read, so the read always ends. Records
 * reach `onRecord` one at a time, in order within a partition. Throws `TopicError` for a topic
 * that does not exist or a read that makes no progress for a minute, kafkajs's errors otherwise.
 */
export async function readToEnd(
  kafka: Kafka,
  topics: readonly string[],
  groupId: string,
  onRecord: (record: ReadRecord) => void | Promise<void>
): Promise<void> {
  const targets = await highWatermarks(kafka, topics)
  if (targets.size === 0) return
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 })
  await consumer.connect()
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      let stall = setTimeout(stalled, STALL_MS)
      function stalled() {
        reject(new TopicError(`no progress reading ${topics.join(', ')} for ${STALL_MS / 1000} s`))
      }
      /** A partition is read once its last offset before the target was consumed (or skipped). */
      const progress = (topic: string, partition: number, offset: bigint) => {
        clearTimeout(stall)
        stall = setTimeout(stalled, STALL_MS)
        const key = keyOf(topic, partition)
        const target = targets.get(key)
        if (target !== undefined && offset >= target - 1n) targets.delete(key)
        if (targets.size === 0) {
          clearTimeout(stall)
          resolve()
        }
      }
      // Also fires for a batch of only control records, which eachMessage never sees.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        progress(payload.topic, payload.partition, BigInt(payload.lastOffset))
      })
      // A retriable error restarts the consumer (kafkajs's own retry); only a final one ends the read.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return
        clearTimeout(stall)
        reject(payload.error)
      })
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const target = targets.get(keyOf(topic, partition))
            if (target === undefined || BigInt(message.offset) >= target) return
            await onRecord({ topic, partition, offset: message.offset, message })
            progress(topic, partition, BigInt(message.offset))
          },
        })
        .catch((error: unknown) => {
          clearTimeout(stall)
          reject(error instanceof Error ? error : new Error(String(error)))
        })
    })
  } finally {
    await consumer.disconnect()
    await deleteGroup(kafka, groupId)
  }
}

/** Partition → high watermark of every non-empty partition of `topics`. */
async function highWatermarks(
  kafka: Kafka,
  topics: readonly string[]
): Promise<Map<string, bigint>> {
  return withAdmin(kafka, async (admin) => {
    await checkTopics(admin, topics)
    const targets = new Map<string, bigint>()
    for (const topic of topics) {
      // Right after a topic is created (or a leader moves) the offsets request may reach a broker
      // that is not yet the leader.
      const offsets = await retryRetriable(() => admin.fetchTopicOffsets(topic), {
        attempts: 6,
        delayMs: doublingDelay,
      })
      for (const { partition, high, low } of offsets) {
        if (BigInt(high) > BigInt(low)) targets.set(keyOf(topic, partition), BigInt(high))
      }
    }
    return targets
  })
}

/** The throwaway group is removed at once; the broker would otherwise list it until it expires. */
async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin()
  try {
    await admin.connect()
    await admin.deleteGroups([groupId])
  } catch {
    // Best effort: an empty group without offsets expires on its own.
  } finally {
    await admin.disconnect()
  }
}

/** Throws `TopicError` naming every topic of `topics` that does not exist. */
export function requireTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  return withAdmin(kafka, (admin) => checkTopics(admin, topics))
}

/** Whether the broker has `topic`. */
export function hasTopic(kafka: Kafka, topic: string): Promise<boolean> {
  return withAdmin(kafka, async (admin) => (await missingTopics(admin, [topic])).length === 0)
}

/** Runs `use` with a connected admin client, disconnected afterwards whatever `use` does. */
async function withAdmin<T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    return await use(admin)
  } finally {
    await admin.disconnect()
  }
}

async function checkTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  const missing = await missingTopics(admin, topics)
  if (missing.length > 0) throw new TopicError(`no such topic: ${missing.join(', ')}`)
}

async function missingTopics(admin: Admin, topics: readonly string[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics())
  return topics.filter((topic) => !existing.has(topic))
}
