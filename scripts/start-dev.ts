/**
 * The development entry, `npm start`: the bridge as `src/main.ts` runs it, except that without
 * `KAFKA_BROKERS` it uses a Kafka already listening on 127.0.0.1:`LOCAL_KAFKA_PORT` (9092), or
 * starts a local single-node broker from the Maven Central jars (data in `.data/kafka/dev`) and
 * stops it on exit. When that broker cannot start (no Java 17, no Maven, a port taken), one line
 * says why and how to fix it, and the process exits 1.
 */
import { join } from 'node:path'
import { adapters } from '../adapters/index.ts'
import { developmentBroker, isListening } from '../src/kafka/development-broker.ts'
import { writeStderrNow } from '../src/log.ts'
import { configOrExit, processLogger, runBridge } from '../src/process/run-bridge.ts'
import { LocalKafkaError, startLocalKafka, type LocalKafka } from './kafka/local-broker.ts'

const logger = processLogger()
const config = configOrExit(adapters)

const { host: DEV_HOST, port: DEV_PORT } = developmentBroker(process.env)
const DEV_DATA_DIR =
  process.env['LOCAL_KAFKA_DATA_DIR'] ?? join(import.meta.dirname, '..', '.data', 'kafka', 'dev')

let local: LocalKafka | undefined
let brokers = config.kafka.brokers
if (!brokers) {
  if (await isListening(DEV_HOST, DEV_PORT)) {
    brokers = [`127.0.0.1:${DEV_PORT}`]
    logger.log(
      'info',
      `KAFKA_BROKERS is not set: using the Kafka already listening on 127.0.0.1:${DEV_PORT}`
    )
  } else {
    logger.log(
      'info',
      `KAFKA_BROKERS is not set: starting a local single-node Kafka on 127.0.0.1:${DEV_PORT}`,
      { dataDir: DEV_DATA_DIR }
    )
    try {
      local = await startLocalKafka({
        port: DEV_PORT,
        // 9093 for the default 9092; a free port when LOCAL_KAFKA_PORT moves the broker.
        ...(DEV_PORT === 9092 && { controllerPort: 9093 }),
        dataDir: DEV_DATA_DIR,
        keepData: true,
        log: (line) => {
          logger.log('info', `local kafka: ${line}`)
        },
      })
    } catch (error) {
      // One line, as for a bad configuration: the problem and its fix, no stack.
      const line =
        error instanceof LocalKafkaError
          ? error.summary
          : `cannot start a local Kafka: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`
      writeStderrNow(`switchboard: ${line}\n`)
      process.exit(1)
    }
    brokers = local.brokers
  }
}
await runBridge(config, brokers, logger, async () => {
  await local?.stop()
})
