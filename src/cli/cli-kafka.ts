import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import kafkajs, { type Kafka } from 'kafkajs'
import * as v from 'valibot'
import type { Registry } from '../adapter/contract.ts'
import { loadConfig, type Config } from '../config/config.ts'
import { brokerList } from '../config/values.ts'
import { ConfigError } from '../errors.ts'
import { developmentBroker, isListening } from '../kafka/development-broker.ts'
import { createKafkaClient } from '../kafka/kafka-client.ts'
import { createLogger, type Logger, type LogLevel } from '../log.ts'
import { firstLine, type CliIo } from './io.ts'

/** The `--brokers` option of every command that talks to Kafka. */
export const BROKERS_OPTION = { brokers: { type: 'string' } } as const

/** The usage fragment of that option. */
export const BROKERS_USAGE = '[--brokers HOST:PORT,…]'

/** A Kafka client configured exactly as the bridge configures its own, and that configuration. */
export interface CliKafka {
  readonly config: Config
  readonly brokers: readonly string[]
  readonly kafka: Kafka
  /** A consumer group id no other reader uses: `<KAFKA_CLIENT_ID>-cli-<command>-<uuid>`. */
  readonly groupId: (command: string) => string
}

/** Why a command cannot even try to reach Kafka: printed as one line, exit 2. */
export class KafkaSetupError extends Error {
  override readonly name = 'KafkaSetupError'
}

/**
 * The bridge's configuration (`loadConfig`: `KAFKA_BROKERS`, SASL/TLS, topic names, content mode,
 * every vendor's settings) read from the command's environment, with `--brokers` in place of
 * `KAFKA_BROKERS` when given, and a kafkajs client built from it by `createKafkaClient`. kafkajs's
 * own lines reach stderr only at `LOG_LEVEL=warn` or lower. Without either, the development broker
 * (127.0.0.1:`LOCAL_KAFKA_PORT`) when something listens there, said in one stderr line. Throws
 * `KafkaSetupError` for an invalid configuration (each problem names its variable, never a
 * secret) or no brokers at all.
 */
export async function cliKafka(
  brokersOption: string | undefined,
  io: CliIo,
  registry: Registry,
  command: string
): Promise<CliKafka> {
  const env = io.env ?? process.env
  let config: Config
  try {
    config = loadConfig(env, registry, io.readFile ?? ((path) => readFileSync(path, 'utf8')))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    throw new KafkaSetupError(`invalid configuration: ${error.problems.join('; ')}`)
  }
  let brokers = config.kafka.brokers
  if (brokersOption !== undefined) {
    const parsed = v.safeParse(brokerList, brokersOption)
    if (!parsed.success) {
      throw new KafkaSetupError(
        `--brokers: ${parsed.issues.map((issue) => issue.message).join('; ')}`
      )
    }
    brokers = parsed.output
  }
  if (brokers === undefined) {
    // As `npm start` does: the development broker, when one runs, and a line that says so.
    const local = developmentBroker(env)
    if (!(await isListening(local.host, local.port))) {
      throw new KafkaSetupError(
        `no Kafka brokers: set KAFKA_BROKERS or pass --brokers HOST:PORT (nothing listens on ${local.address}, where npm start runs its development broker)`
      )
    }
    io.stderr(
      `switchboard ${command}: KAFKA_BROKERS is not set: using the development broker on ${local.address}`
    )
    brokers = [local.address]
  }
  const kafka = createKafkaClient({ ...config.kafka, brokers }, cliLogger(io, env['LOG_LEVEL']))
  return {
    config,
    brokers,
    kafka,
    groupId: (command) => `${config.kafka.clientId}-cli-${command}-${randomUUID()}`,
  }
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

/** JSON lines on the command's stderr from `LOG_LEVEL`, or only errors (which kafkajs never logs). */
function cliLogger(io: CliIo, level: string | undefined): Logger {
  const wanted = level?.trim().toLowerCase()
  const minLevel = LEVELS.find((each) => each === wanted) ?? 'error'
  return createLogger(minLevel, (line) => {
    io.stderr(line.trimEnd())
    return true
  })
}

/**
 * Runs `work` with a Kafka client from {@link cliKafka}: a setup problem is one line on stderr and
 * exit 2; a Kafka error (unreachable broker, missing topic, refused request) is one line and exit 1.
 */
export async function withKafka(
  command: string,
  brokersOption: string | undefined,
  io: CliIo,
  registry: Registry,
  work: (kafka: CliKafka) => Promise<number>
): Promise<number> {
  let kafka: CliKafka
  try {
    kafka = await cliKafka(brokersOption, io, registry, command)
  } catch (error) {
    if (!(error instanceof KafkaSetupError)) throw error
    io.stderr(`switchboard ${command}: ${error.message}`)
    return 2
  }
  try {
    return await work(kafka)
  } catch (error) {
    if (!isKafkaError(error)) throw error
    io.stderr(`switchboard ${command}: ${describeKafkaError(error, kafka.brokers)}`)
    return 1
  }
}

/** An error that comes from Kafka or from reading a topic, not from a bug. */
export class TopicError extends Error {
  override readonly name = 'TopicError'
}

// Through the default export: Node's CommonJS export detection does not see kafkajs's named classes.
const { KafkaJSError } = kafkajs

/** An error that comes from Kafka or from reading a topic, not from a bug. */
const isKafkaError = (error: unknown): error is Error =>
  error instanceof TopicError || error instanceof KafkaJSError

/** One line: retries exhausted are reported with the error that caused them. */
function describeKafkaError(error: Error, brokers: readonly string[]): string {
  if (error instanceof TopicError) return error.message
  const cause = (error as { originalError?: unknown }).originalError
  const message = firstLine(cause instanceof Error ? cause : error)
  return `Kafka (${brokers.join(',')}): ${message}`
}
