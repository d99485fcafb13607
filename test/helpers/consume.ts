import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs'
import { uniqueName } from './kafka.ts'

/** A consumed record with its headers decoded to strings. */
export interface Consumed {
  readonly topic: string
  readonly key: string | null
  readonly value: Buffer | null
  readonly headers: Record<string, string>
}

const decodeHeaders = (headers: IHeaders | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]))

/**
 * Reads `topics` from the beginning with a fresh consumer group until `count` records arrived or
 * `timeoutMs` passed; returns what it read (so a test can assert both on content and on "nothing more").
 */
export async function consume(
  kafka: Kafka,
  topics: string[],
  count: number,
  timeoutMs = 15_000
): Promise<Consumed[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('test-reader'), maxWaitTimeInMs: 100 })
  const read: Consumed[] = []
  await consumer.connect()
  try {
    await consumer.subscribe({ topics, fromBeginning: true })
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      void consumer.run({
        eachMessage: ({ topic, message }: { topic: string; message: KafkaMessage }) => {
          read.push({
            topic,
            key: message.key?.toString('utf8') ?? null,
            value: message.value,
            headers: decodeHeaders(message.headers),
          })
          if (read.length >= count) {
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
  return read
}

/** Total records in `topics` (sum of high watermarks): "unchanged" checks without a consumer. */
export async function recordCount(kafka: Kafka, topics: string[]): Promise<number> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    let total = 0
    for (const topic of topics) {
      for (const partition of await admin.fetchTopicOffsets(topic)) total += Number(partition.high)
    }
    return total
  } finally {
    await admin.disconnect()
  }
}
