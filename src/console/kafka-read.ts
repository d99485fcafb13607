import kafkajs from 'kafkajs'
import { TopicError } from '../cli/cli-kafka.ts'
import { UnavailableError } from '../errors.ts'
import { within } from '../within.ts'

// Through the default export: Node's CommonJS export detection does not see kafkajs's named classes.
const { KafkaJSError } = kafkajs

/** Longest a console read of a topic may take before the page says Kafka did not answer. */
export const READ_TIMEOUT_MS = 20_000

/**
 * `work` (Kafka work for a page or an API call), within `timeoutMs` when given: a Kafka failure
 * (an unreachable broker, a missing topic) or no answer in time becomes `UnavailableError` (503),
 * so the console says what is wrong rather than hanging; any other error is a bug and is rethrown.
 * Work past its time goes on (a read then ends by itself, as `readToEnd` does).
 */
export async function readKafka<T>(work: Promise<T>, timeoutMs?: number): Promise<T> {
  try {
    if (timeoutMs === undefined) return await work
    return await within(timeoutMs, work, () => {
      throw new UnavailableError(
        'deadline_exceeded',
        `Kafka did not answer within ${String(timeoutMs / 1000)} s`
      )
    })
  } catch (error) {
    if (error instanceof TopicError || error instanceof KafkaJSError) {
      throw new UnavailableError('kafka_unavailable', `Kafka: ${error.message}`, { cause: error })
    }
    throw error
  }
}
