import { randomUUID } from 'node:crypto'
import { Kafka, logLevel } from 'kafkajs'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap addresses of the broker for integration tests (see test/global-setup-kafka.ts). */
    kafkaBrokers: string[]
  }
}

/**
 * Bootstrap addresses of the test broker: `KAFKA_BROKERS` when it was set, otherwise the local
 * broker started by `test/global-setup-kafka.ts`.
 */
export function kafkaBrokers(): string[] {
  return inject('kafkaBrokers')
}

/** A kafkajs client for tests: silent logger, short timeouts, the given brokers or the test broker. */
export function testKafka(clientId: string, brokers: string[] = kafkaBrokers()): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 100 },
  })
}

/** A topic or group name no other test (or earlier run against a shared broker) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`
}
