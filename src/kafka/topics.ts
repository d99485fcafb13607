import kafkajs, { type Admin } from 'kafkajs'
import type { Logger } from '../log.ts'
import type { Topics } from './records.ts'
import { retryRetriable } from './retry-retriable.ts'

/** How missing topics are created, and what every topic must hold. */
export interface TopicSettings {
  readonly topics: Topics
  readonly partitions: number
  /** -1 = the broker's default. */
  readonly replicationFactor: number
  readonly create: boolean
  /**
   * The largest record batch the bridge may write (`max.message.bytes`): a dead-letter record of
   * the largest body it accepts, with its headers (see `recordLimitBytes`).
   */
  readonly maxMessageBytes: number
}

/**
 * Room for what a record adds to its body: the vendor headers a dead letter keeps (bounded by
 * Node's 16 KiB `maxHeaderSize`), the `dlq-*` headers (`dlq-detail` at most 2,000 characters),
 * and the record-batch framing (61 bytes plus a few varints); gzip grows incompressible bytes by
 * well under 0.1 %. 64 KiB covers all of it with room to spare.
 */
export const RECORD_HEADROOM_BYTES = 64 * 1024

/** `max.message.bytes` that holds a dead-letter record of a body of `bodyLimitBytes`. */
export const recordLimitBytes = (bodyLimitBytes: number): number =>
  bodyLimitBytes + RECORD_HEADROOM_BYTES

const MAX_MESSAGE_BYTES = 'max.message.bytes'

// Through the default export: Node's CommonJS export detection does not see this named export of kafkajs.
const { ConfigResourceTypes } = kafkajs

/**
 * Checks at startup that the three topics exist and creates the missing ones (when allowed), with
 * a `max.message.bytes` that holds the largest record the bridge writes, so the first webhook
 * never waits on topic creation and a typo in a topic name fails the boot. Then reads the limit of
 * every topic (describeConfigs): a dead-letter topic that cannot hold the largest authentic body
 * would turn that webhook into a 503 on every retry, for days, so the bridge refuses to start;
 * an event topic below it is logged, since mapped events are far smaller than the body they come
 * from. Returns the topics it created.
 */
export async function ensureTopics(
  admin: Admin,
  settings: TopicSettings,
  logger: Logger
): Promise<string[]> {
  const { conversations, customers, deadLetter } = settings.topics
  const wanted = [conversations, customers, deadLetter]
  const existing = new Set(await admin.listTopics())
  const missing = wanted.filter((topic) => !existing.has(topic))
  if (missing.length > 0) {
    if (!settings.create) {
      throw new Error(`missing Kafka topics (KAFKA_CREATE_TOPICS=false): ${missing.join(', ')}`)
    }
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: settings.partitions,
        replicationFactor: settings.replicationFactor,
        configEntries: [{ name: MAX_MESSAGE_BYTES, value: String(settings.maxMessageBytes) }],
      })),
    })
  }
  // Topics another bridge created a moment ago may not be known to every request yet.
  const limits = await retryRetriable(() => maxMessageBytes(admin, wanted))
  for (const topic of wanted) {
    const limit = limits.get(topic)
    if (limit === undefined || limit >= settings.maxMessageBytes) continue
    const advice = `needs at least ${settings.maxMessageBytes} (BODY_LIMIT_BYTES + ${RECORD_HEADROOM_BYTES}); raise it with kafka-configs.sh --alter --entity-type topics --entity-name ${topic} --add-config ${MAX_MESSAGE_BYTES}=${settings.maxMessageBytes}, or lower BODY_LIMIT_BYTES`
    if (topic === deadLetter) {
      throw new Error(
        `dead-letter topic ${topic}: ${MAX_MESSAGE_BYTES} is ${limit}, too small for the largest authentic body; ${advice}`
      )
    }
    logger.log('warn', `topic ${topic}: ${MAX_MESSAGE_BYTES} is ${limit}; ${advice}`)
  }
  return missing
}

/** Each topic's effective `max.message.bytes` (its own, or the broker default it inherits). */
async function maxMessageBytes(admin: Admin, topics: readonly string[]) {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configNames: [MAX_MESSAGE_BYTES],
    })),
  })
  const limits = new Map<string, number>()
  for (const resource of resources) {
    const entry = resource.configEntries.find((config) => config.configName === MAX_MESSAGE_BYTES)
    if (entry) limits.set(resource.resourceName, Number(entry.configValue))
  }
  return limits
}
