/**
 * What both entry points share: the logger, the configuration (exit 2 when invalid), the service
 * on the given brokers, and a graceful shutdown on SIGTERM/SIGINT (exit 0, or 1 when the shutdown
 * deadline ran out). The registry is the composition root's to pass in.
 */
import type { Registry } from '../adapter/contract.ts'
import { loadConfig, type Config } from '../config/config.ts'
import { ConfigError } from '../errors.ts'
import { createLogger, type Logger, type LogLevel } from '../log.ts'
import { startService } from '../service.ts'
import { telemetryRuntime } from '../telemetry/runtime.ts'

const LEVELS = new Set(['debug', 'info', 'warn', 'error'])

/** The JSON-lines logger at `LOG_LEVEL` (default `info`). */
export function processLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env['LOG_LEVEL'] ?? 'info'
  return createLogger(LEVELS.has(level) ? (level as LogLevel) : 'info')
}

/** The configuration, or a message on stderr and exit 2. */
export function configOrExit(registry: Registry, env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env, registry)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`switchboard: ${error.message}\n`)
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
  try {
    service = await startService(config, brokers, logger, {
      ...(telemetry && { metricsText: () => telemetry.metricsText() }),
    })
  } catch (error) {
    // Kafka unreachable (or a topic missing or too small), or a port taken.
    logger.log('error', 'switchboard could not start', {
      error: error instanceof Error ? error.message : String(error),
      brokers,
    })
    await afterStop()
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
    await afterStop()
    // Last: flush the spans and metrics of everything above, the producer's included.
    await telemetry?.shutdown().catch((error: unknown) => {
      logger.log('warn', 'telemetry shutdown failed', { error: String(error) })
    })
    logger.log(clean ? 'info' : 'warn', clean ? 'stopped' : 'shutdown deadline reached')
    process.exit(clean ? 0 : 1)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal))
  }
}
