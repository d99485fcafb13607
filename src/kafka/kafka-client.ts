import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs'
import type { Logger, LogLevel } from '../log.ts'

/** What it takes to reach a Kafka cluster. */
export interface KafkaConnection {
  readonly brokers: readonly string[]
  readonly clientId: string
  readonly sasl:
    | {
        readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'
        readonly username: string
        readonly password: string
      }
    | undefined
  readonly ssl:
    | {
        readonly ca?: string
        readonly cert?: string
        readonly key?: string
        readonly rejectUnauthorized: boolean
      }
    | undefined
}

const LEVELS: Readonly<Record<number, LogLevel>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
}

/**
 * kafkajs's level, with two deliberate downgrades: a connection's error responses go to WARN (the
 * layer above retries them, e.g. "coordinator is loading" right after a broker starts; a final
 * failure surfaces as our own 503 and "Kafka is unreachable"), and the warning about bounded
 * retries on the idempotent producer to DEBUG (bounded on purpose; a producer whose request
 * failed is replaced, see KafkaPublisher).
 */
function levelOf(entry: LogEntry): LogLevel {
  const level = LEVELS[entry.level] ?? 'info'
  if (level === 'error' && entry.namespace === 'Connection') return 'warn'
  if (entry.log.message.startsWith('Limiting retries for the idempotent producer')) return 'debug'
  return level
}

/**
 * A kafkajs client with SASL/TLS from the configuration and its log routed into ours (at WARN:
 * kafkajs is chatty at INFO). `retry` bounds how long a produce retries before it fails, so a
 * stopped broker surfaces as an error (and a 503) instead of a request that never settles.
 */
export function createKafkaClient(
  connection: KafkaConnection,
  logger: Logger,
  overrides: Partial<KafkaConfig> = {}
): Kafka {
  const ssl = connection.ssl
  return new Kafka({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log
      logger.log(levelOf(entry), `kafkajs: ${message}`, {
        namespace: entry.namespace,
        ...fields,
      })
    },
    ...(connection.sasl && { sasl: connection.sasl as SASLOptions }),
    ...(ssl && {
      ssl: {
        rejectUnauthorized: ssl.rejectUnauthorized,
        ...(ssl.ca !== undefined && { ca: [ssl.ca] }),
        ...(ssl.cert !== undefined && { cert: ssl.cert }),
        ...(ssl.key !== undefined && { key: ssl.key }),
      },
    }),
    ...overrides,
  })
}
