import type { TestProject } from 'vitest/node'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
// For the `kafkaBrokers` key of vitest's ProvidedContext.
import type {} from './helpers/kafka.ts'

/**
 * Vitest `globalSetup`: provides `kafkaBrokers` to the tests (read it with
 * `kafkaBrokers()` from `test/helpers/kafka.ts`). Uses `KAFKA_BROKERS` (comma-separated) when set;
 * otherwise starts a throwaway local broker on free loopback ports and stops it after the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = (process.env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '')
  if (fromEnv.length > 0) {
    project.provide('kafkaBrokers', fromEnv)
    return () => Promise.resolve()
  }
  const kafka = await startLocalKafka({
    log: (line) => {
      console.log(`[kafka] ${line}`)
    },
  })
  project.provide('kafkaBrokers', kafka.brokers)
  return () => kafka.stop()
}
