/**
 * The bridge process: `npm start`. Reads and checks the configuration (exit 2 when invalid),
 * starts a local single-node Kafka when `KAFKA_BROKERS` is unset, serves webhooks, and shuts down
 * gracefully on SIGTERM/SIGINT (exit 0, or 1 when the shutdown deadline ran out).
 */
import { createConnection } from 'node:net'
import { join } from 'node:path'
import { startLocalKafka, type LocalKafka } from '../scripts/kafka/local-broker.ts'
import { loadConfig } from './config/config.ts'
import { ConfigError } from './errors.ts'
import { createLogger, type LogLevel } from './log.ts'
import { startService } from './service.ts'
import { telemetryRuntime } from './telemetry/runtime.ts'

const LEVELS = new Set(['debug', 'info', 'warn', 'error'])
const levelFromEnv = process.env['LOG_LEVEL'] ?? 'info'
const logger = createLogger(LEVELS.has(levelFromEnv) ? (levelFromEnv as LogLevel) : 'info')

let config
try {
  config = loadConfig(process.env)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  process.stderr.write(`switchboard: ${error.message}\n`)
  process.exit(2)
}

// Where `npm start` runs its own broker when KAFKA_BROKERS is unset (development knobs, not config).
const DEV_PORT = Number(process.env['LOCAL_KAFKA_PORT'] ?? 9092)
const DEV_DATA_DIR =
  process.env['LOCAL_KAFKA_DATA_DIR'] ?? join(import.meta.dirname, '..', '.data', 'kafka', 'dev')
let local: LocalKafka | undefined
let brokers = config.kafka.brokers
if (!brokers) {
  if (await isListening(DEV_PORT)) {
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
    brokers = local.brokers
  }
}

const telemetry = telemetryRuntime()
if (!telemetry) {
  logger.log(
    'info',
    'OpenTelemetry is off (OTEL_SDK_DISABLED, or started without --import ./src/telemetry/register.ts)'
  )
}
let service
try {
  service = await startService(config, brokers, logger, {
    ...(telemetry && { metricsText: () => telemetry.metricsText() }),
  })
} catch (error) {
  // Kafka unreachable (or a topic missing with KAFKA_CREATE_TOPICS=false), or the port taken.
  logger.log('error', 'switchboard could not start', {
    error: error instanceof Error ? error.message : String(error),
    brokers,
  })
  await local?.stop()
  await telemetry?.shutdown().catch(() => undefined)
  process.exit(1)
}
logger.log('info', 'switchboard is listening', {
  url: service.url,
  adminUrl: service.adminUrl,
  brokers,
})

let stopping = false
const shutdown = async (signal: string) => {
  if (stopping) return
  stopping = true
  logger.log('info', 'shutting down', { signal })
  const clean = await service.stop()
  await local?.stop()
  // Last: flush the spans and metrics of everything above, the producer's included.
  await telemetry?.shutdown().catch((error: unknown) => {
    logger.log('warn', 'telemetry shutdown failed', { error: String(error) })
  })
  logger.log(clean ? 'info' : 'warn', clean ? 'stopped' : 'shutdown deadline reached')
  process.exit(clean ? 0 : 1)
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal))

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => {
      resolve(false)
    })
  })
}
