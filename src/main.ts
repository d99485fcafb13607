/**
 * The production entry (the container's): `node --import ./src/telemetry/register.ts src/main.ts`.
 * It needs `KAFKA_BROKERS`; without it, one line says so and the process exits 2. The development
 * entry, `npm start` (`scripts/start-dev.ts`), starts a local broker instead.
 */
import { adapters } from '../adapters/index.ts'
import { writeStderrNow } from './log.ts'
import { configOrExit, processLogger, runBridge } from './process/run-bridge.ts'

const config = configOrExit(adapters)
if (!config.kafka.brokers) {
  writeStderrNow(
    'switchboard: KAFKA_BROKERS is not set: name the Kafka brokers as host:port,… (for development, `npm start` runs a local broker)\n'
  )
  process.exit(2)
}
await runBridge(config, config.kafka.brokers, processLogger())
