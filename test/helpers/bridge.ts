import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { adapters } from '../../adapters/index.ts'
import { loadConfig } from '../../src/config/config.ts'
import type { Topics } from '../../src/kafka/records.ts'
import { silentLogger } from '../../src/log.ts'
import { startService, type Service } from '../../src/service.ts'
import { kafkaBrokers, uniqueName } from './kafka.ts'
import { TEST_VENDOR_ENV } from './vendors.ts'

/**
 * The environment of a bridge under test: loopback, a free port, the test secret for every
 * registered vendor's accounts, and topics no other test uses; `extra` adds or overrides.
 */
export async function testBridgeEnv(
  extra: Record<string, string> = {}
): Promise<{ env: Record<string, string>; topics: Topics }> {
  const topics = {
    conversations: uniqueName('conversations'),
    customers: uniqueName('customers'),
    deadLetter: uniqueName('deadletter'),
  }
  const env = {
    HOST: '127.0.0.1',
    PORT: String(await findFreePort()),
    ADMIN_PORT: '0',
    KAFKA_TOPIC_CONVERSATIONS: topics.conversations,
    KAFKA_TOPIC_CUSTOMERS: topics.customers,
    KAFKA_TOPIC_DEADLETTER: topics.deadLetter,
    // Every bridge under test has a de-dup topic of its own: tests reuse the fixtures' event ids.
    KAFKA_TOPIC_DEDUP: uniqueName('dedup'),
    ...TEST_VENDOR_ENV,
    ...extra,
  }
  return { env, topics }
}

/** `testBridgeEnv` plus the test broker's `KAFKA_BROKERS`: the environment of a bridge process. */
export function testProcessEnv(
  extra: Record<string, string> = {}
): Promise<{ env: Record<string, string>; topics: Topics }> {
  return testBridgeEnv({ KAFKA_BROKERS: kafkaBrokers().join(','), ...extra })
}

/** A bridge in this process (see `testBridgeEnv`), on the test broker unless `brokers` is given. */
export async function startTestService(
  extra: Record<string, string> = {},
  brokers: string[] = kafkaBrokers()
): Promise<{ service: Service; topics: Topics }> {
  const { env, topics } = await testBridgeEnv(extra)
  return { service: await startService(loadConfig(env, adapters), brokers, silentLogger), topics }
}
