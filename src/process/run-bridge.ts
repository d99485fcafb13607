/**
 * What both entry points share: the logger, the configuration (exit 2 when invalid), the service
 * on the given brokers, and a graceful shutdown on SIGTERM/SIGINT (exit 0, or 1 when the shutdown
 * deadline ran out). The registry is the composition root's to pass in.
 */
import type { Registry } from '../adapter/contract.ts'
import { loadConfig, type Config } from '../config/config.ts'
import { readinessLine, vendorReadiness } from '../config/vendor-readiness.ts'
import { ConfigError } from '../errors.ts'
import { loggerFromEnv, writeStderrNow, type Logger } from '../log.ts'
import { startService } from '../service.ts'
import { telemetryRuntime } from '../telemetry/runtime.ts'

/** The JSON-lines logger at `LOG_LEVEL` (default `info`). */
export function processLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  return loggerFromEnv(env)
}

/** An error with the fields Node gives a failed `listen` or connection. */
type SystemError = Error & { code?: string; address?: string; port?: number }

/**
 * The one line that says why the service could not start and what to do about it: a port taken,
 * Kafka refusing the credentials, Kafka unreachable (naming the brokers), or the error itself.
 */
export function startFailureMessage(error: unknown, brokers: readonly string[]): string {
  const { name, message, code, address, port }: Partial<SystemError> =
    error instanceof Error ? error : { message: String(error) }
  const at = brokers.join(',')
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const where = `${address ?? ''}:${port === undefined ? '' : String(port)}`
    return `switchboard could not start: cannot listen on ${where} (${message}): set PORT or ADMIN_PORT to a free port, or stop what listens there`
  }
  if (name === 'KafkaJSSASLAuthenticationError') {
    return `switchboard could not start: Kafka at ${at} refused the credentials (${message}): check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and the password`
  }
  if (name?.startsWith('KafkaJS') === true) {
    return `switchboard could not start: cannot reach Kafka at ${at} (${message}): check KAFKA_BROKERS (and KAFKA_SSL_*), and that the brokers are up`
  }
  return `switchboard could not start: ${message}`
}

/** kafkajs's own lines carry this prefix (`src/kafka/kafka-client.ts`). */
const KAFKAJS = 'kafkajs: '

/** Most kafkajs lines held back during start-up; past it they are written as they come. */
const MAX_HELD = 100

/**
 * `logger`, except that kafkajs's own lines are held back until `settle(started)`: the retries of
 * a failed start would otherwise come before the one line that says what failed (they are
 * dropped), and after a good start they are written as they were.
 */
function holdingKafkajsLines(logger: Logger) {
  let held: Parameters<Logger['log']>[] | undefined = []
  return {
    logger: {
      log(...line) {
        if (held && held.length < MAX_HELD && line[1].startsWith(KAFKAJS)) held.push(line)
        else logger.log(...line)
      },
    } satisfies Logger,
    settle(started: boolean) {
      const lines = held ?? []
      held = undefined
      if (started) for (const line of lines) logger.log(...line)
    },
  }
}

/** The configuration, or a message on stderr and exit 2. */
export function configOrExit(registry: Registry, env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env, registry)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    writeStderrNow(`switchboard: ${error.message}\n`)
    process.exit(2)
  }
}

/**
 * Serves webhooks on `brokers` until SIGTERM/SIGINT. `afterStop` runs after the service stopped
 * and before telemetry is flushed (the development entry stops its local broker there).
 */
export async function runBridge(
  config: Config,
  brokers: readonly string[],
  logger: Logger,
  afterStop: () => Promise<void> = () => Promise.resolve()
): Promise<void> {
  const telemetry = telemetryRuntime()
  if (!telemetry) {
    logger.log(
      'info',
      'OpenTelemetry is off (OTEL_SDK_DISABLED, or started without --import ./src/telemetry/register.ts)'
    )
  }
  let service
  const starting = holdingKafkajsLines(logger)
  try {
    service = await startService(config, brokers, starting.logger, {
      ...(telemetry && { metricsText: () => telemetry.metricsText() }),
    })
  } catch (error) {
    // Kafka unreachable (or a topic missing or too small), or a port taken.
    starting.settle(false)
    logger.log('error', startFailureMessage(error, brokers), {
      error: error instanceof Error ? error.message : String(error),
      brokers,
    })
    await afterStop()
    await telemetry?.shutdown().catch(() => undefined)
    process.exit(1)
  }
  starting.settle(true)
  logger.log('info', 'switchboard is listening', {
    url: service.url,
    adminUrl: service.adminUrl,
    brokers,
  })
  const readiness = vendorReadiness(config.vendors)
  logger.log(readiness.refusing.length > 0 ? 'warn' : 'info', readinessLine(readiness), {
    verifying: readiness.verifying,
    refusing: readiness.refusing,
  })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.log('info', 'shutting down', { signal })
    const clean = await service.stop()
    await afterStop()
    // Last: flush the spans and metrics of everything above, the producer's included.
    await telemetry?.shutdown().catch((error: unknown) => {
      logger.log('warn', 'telemetry was not flushed', {
        error: error instanceof Error ? error.message : String(error),
      })
    })
    logger.log(clean ? 'info' : 'warn', clean ? 'stopped' : 'shutdown deadline reached')
    process.exit(clean ? 0 : 1)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal))
  }
}
