import type { Kafka } from 'kafkajs'
import { adapters } from '../../adapters/index.ts'
import type { Registry } from '../../src/adapter/contract.ts'
import { runCli } from '../../src/cli/cli.ts'
import { doublingDelay, retryRetriable } from '../../src/kafka/retry-retriable.ts'
import type { TopicRecord, Topics } from '../../src/kafka/records.ts'
import { recordCount } from './consume.ts'
import { kafkaBrokers, uniqueName } from './kafka.ts'

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number
  readonly stdout: string[]
  readonly stderr: string[]
}

/** A CLI run in this process that may still be going: its output so far and its end. */
export interface StartedCli {
  readonly stdout: string[]
  readonly stderr: string[]
  readonly done: Promise<CliRun>
  /** Resolves with the first stderr line matching `match` (already printed or to come). */
  waitForStderr(match: RegExp, ms?: number): Promise<string>
  /** Asks the command to stop, as SIGINT would. */
  stop(): void
}

/**
 * Starts `switchboard <argv>` in this process with only `env` as its environment, the registry
 * (default: the built-in vendors) and a stop switch in place of the process's signals.
 */
export function startCli(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  registry: Registry = adapters
): StartedCli {
  const stdout: string[] = []
  const stderr: string[] = []
  const waiters: { match: RegExp; resolve: (line: string) => void }[] = []
  const stopListeners: (() => void)[] = []
  const done = runCli(
    argv,
    {
      stdin: () => Promise.reject(new Error('no stdin')),
      stdout: (line) => stdout.push(line),
      stderr: (line) => {
        stderr.push(line)
        for (const waiter of waiters.filter((each) => each.match.test(line))) waiter.resolve(line)
      },
      env,
      onStop: (stop) => {
        stopListeners.push(stop)
        return () => stopListeners.splice(stopListeners.indexOf(stop), 1)
      },
    },
    registry
  ).then((code) => ({ code, stdout, stderr }))
  return {
    stdout,
    stderr,
    done,
    waitForStderr: (match, ms = 30_000) =>
      new Promise<string>((resolve, reject) => {
        const found = stderr.find((line) => match.test(line))
        if (found !== undefined) return resolve(found)
        waiters.push({ match, resolve })
        setTimeout(() => {
          reject(
            new Error(`no stderr line ${String(match)} within ${ms} ms:\n${stderr.join('\n')}`)
          )
        }, ms).unref()
      }),
    stop: () => {
      for (const stop of [...stopListeners]) stop()
    },
  }
}

/** `switchboard <argv>` to its end. */
export const runCliWith = (
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  registry: Registry = adapters
): Promise<CliRun> => startCli(argv, env, registry).done

/** Three topic names no other test uses. */
export const uniqueTopics = (): Topics => ({
  conversations: uniqueName('cli-conversations'),
  customers: uniqueName('cli-customers'),
  deadLetter: uniqueName('cli-deadletter'),
})

/** The environment that points the CLI at the test broker and at `topics`. */
export const cliEnv = (
  topics: Topics,
  extra: Readonly<Record<string, string>> = {}
): Record<string, string> => ({
  KAFKA_BROKERS: kafkaBrokers().join(','),
  KAFKA_TOPIC_CONVERSATIONS: topics.conversations,
  KAFKA_TOPIC_CUSTOMERS: topics.customers,
  KAFKA_TOPIC_DEADLETTER: topics.deadLetter,
  ...extra,
})

/**
 * `work`, again while it fails with an error kafkajs calls retriable: on a broker that has just
 * started, or for a topic just created, the first requests may reach a broker that is not yet the
 * partition's leader.
 */
export function retrying<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  return retryRetriable(work, { attempts, delayMs: doublingDelay })
}

/**
 * Creates `topics` with `partitions` partitions each (and the topic settings `configEntries`), and
 * waits until their offsets can be read.
 */
export async function createTopics(
  kafka: Kafka,
  topics: Topics | readonly string[],
  partitions = 1,
  configEntries: { name: string; value: string }[] = []
): Promise<void> {
  const names: string[] = Array.isArray(topics) ? [...topics] : Object.values(topics as Topics)
  const admin = kafka.admin()
  await admin.connect()
  try {
    await retrying(() =>
      admin.createTopics({
        waitForLeaders: true,
        topics: names.map((topic) => ({ topic, numPartitions: partitions, configEntries })),
      })
    )
    for (const topic of names) await retrying(() => admin.fetchTopicOffsets(topic))
  } finally {
    await admin.disconnect()
  }
}

/** `recordCount` (the sum of the high watermarks of `topics`), retried as {@link retrying} says. */
export const countRecords = (kafka: Kafka, topics: string[]): Promise<number> =>
  retrying(() => recordCount(kafka, topics))

/** Produces `records` in order, acknowledged by all replicas; resolves once Kafka has them. */
export async function produce(kafka: Kafka, records: readonly TopicRecord[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  try {
    for (const { topic, message } of records) {
      await producer.send({ topic, acks: -1, messages: [message] })
    }
  } finally {
    await producer.disconnect()
  }
}
