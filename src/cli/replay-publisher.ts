import type { Kafka, Producer } from 'kafkajs'
import { dedupRecord } from '../dedup/dedup-records.ts'
import type { TopicRecord } from '../kafka/records.ts'
import { publishReplayed } from './replay.ts'

/** How one replay run writes: its events, the de-dup records, and the producer's end. */
export interface ReplayPublisher {
  /** Publishes one replayed dead letter's records (acks = all); throws kafkajs's error. */
  readonly publish: (records: readonly TopicRecord[]) => Promise<void>
  /**
   * Writes the de-dup record of a replayed vendor event (`vendor:tenant:event id`), so bridges
   * answer a later redelivery `duplicate`; a failure is reported, never thrown: the events are
   * on Kafka already.
   */
  readonly announce: (key: string) => Promise<void>
  /** Disconnects the producer, if one was opened. */
  readonly close: () => Promise<void>
}

/**
 * The writer of a replay run, for `switchboard replay` and the console alike: one idempotent
 * producer (one request in flight), opened on the first publish; `failedAnnounce` hears of a
 * de-dup record that did not land.
 */
export function replayPublisher(
  kafka: Kafka,
  dedupTopic: string,
  failedAnnounce: (key: string, error: Error) => void
): ReplayPublisher {
  let producer: Producer | undefined
  const publish = async (records: readonly TopicRecord[]) => {
    if (!producer) {
      producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
      await producer.connect()
    }
    await publishReplayed(producer, records)
  }
  return {
    publish,
    announce: async (key) => {
      try {
        await publish([dedupRecord(dedupTopic, key)])
      } catch (error) {
        // The events are on Kafka; without the record a live redelivery may publish again.
        failedAnnounce(key, error instanceof Error ? error : new Error(String(error)))
      }
    },
    close: async () => {
      await producer?.disconnect()
    },
  }
}
