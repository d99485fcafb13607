import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs'
import { foldRepeats, type Logger, type LogLevel } from '../log.ts'

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
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
}

/**
 * kafkajs's level, mapped: its ERROR becomes warn, because everything kafkajs reports as an error
 * is retried (by kafkajs, the publisher's probe or the vendor), and what fails for good is said by
 * the bridge's own lines ("Kafka is unreachable", a 503 webhook line, "could not start"). The warning
 * about bounded retries on the idempotent producer goes to debug: bounded on purpose, a producer
 * whose request failed is replaced (see KafkaPublisher).
 */
function levelOf(entry: LogEntry): LogLevel {
  if (entry.log.message.startsWith('Limiting retries for the idempotent producer')) return 'debug'
  return LEVELS[entry.level] ?? 'info'
}

/** kafkajs's wrapper around a seed broker's connection error: folded with that error itself. */
const SEED_RETRY = 'Failed to connect to seed broker, trying another broker from the list: '

/** Fields of a kafkajs entry that add nothing to our line: its timestamp, logger name, client id, stack. */
const DROPPED_FIELDS = new Set(['timestamp', 'logger', 'clientId', 'stack'])

/** How long repeats of one kafkajs line are folded into a single summary line. */
export const KAFKAJS_FOLD_WINDOW_MS = 30_000

/**
 * kafkajs's `logCreator`, into our logger: `kafkajs: <message>` at the mapped level with its
 * namespace and fields, minus the ones that repeat ours (`timestamp`) or bury the line (`stack`).
 * Repeats are folded (`foldRepeats`): during an outage kafkajs writes a connection error per retry
 * and per connection, so the first is written and the rest are summed up once per window; the
 * lines that matter stay the publisher's "Kafka is unreachable" and "Kafka is reachable".
 */
export function kafkaLogCreator(
  logger: Logger,
  windowMs = KAFKAJS_FOLD_WINDOW_MS
): NonNullable<KafkaConfig['logCreator']> {
  const folded = foldRepeats(logger, {
    source: 'kafkajs',
    windowMs,
    keyOf: (level, message) => `${level} ${message.replace(SEED_RETRY, '')}`,
  })
  return () => (entry: LogEntry) => {
    const fields: Record<string, unknown> = { namespace: entry.namespace }
    for (const [name, value] of Object.entries(entry.log)) {
      if (name !== 'message' && !DROPPED_FIELDS.has(name)) fields[name] = value
    }
    folded.log(levelOf(entry), `kafkajs: ${entry.log.message}`, fields)
  }
}

/**
 * A kafkajs client with SASL/TLS from the configuration and its log routed into ours
 * (`kafkaLogCreator`, from kafkajs's WARN: it is chatty at INFO). `retry` bounds how long a
 * produce retries before it fails, so a stopped broker surfaces as an error (and a 503) instead
 * of a request that never settles.
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
    logCreator: kafkaLogCreator(logger),
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
