import type { KafkaMessage } from 'kafkajs'
import type { Topics } from '../kafka/records.ts'
import { decodeRecord } from '../consumer/decode-record.ts'
import { RecordError } from '../errors.ts'
import { BROKERS_OPTION, BROKERS_USAGE, withKafka } from './cli-kafka.ts'
import { column } from './dead-letter.ts'
import {
  firstLine,
  onProcessSignals,
  parseCommandArgs,
  rejectExtraArguments,
  UsageError,
  type CliCommand,
} from './io.ts'
import { requireTopics } from './read-topic.ts'

/**
 * `switchboard tail [--topic conversations|customers|NAME]… [--from-beginning] [--json|--records]
 * [--max N]`: canonical events as they land on the event topics (both by default, from the end),
 * decoded by the consumer package's decoder, one line each: time, type, subject, vendor, tenant,
 * id; or the CloudEvent as one line of JSON; or, with `--records`, each record as Kafka holds it
 * (topic, partition, offset, key, headers and value as text), undecoded, for tools in other
 * languages. A record that does not decode is one line on stderr. Exit 0 on SIGINT/SIGTERM or
 * after `--max` records, 1 when Kafka fails, 2 bad usage or no brokers.
 */
export const tailCommand: CliCommand = {
  name: 'tail',
  summary: 'print canonical events as they land on the event topics',
  usage: () =>
    `usage: switchboard tail [--topic conversations|customers|NAME]… [--from-beginning] [--json|--records] [--max N] ${BROKERS_USAGE}`,
  async run(args, io, registry) {
    const { values, positionals } = parseCommandArgs(args, {
      topic: { type: 'string', multiple: true },
      'from-beginning': { type: 'boolean' },
      json: { type: 'boolean' },
      records: { type: 'boolean' },
      max: { type: 'string' },
      ...BROKERS_OPTION,
    })
    rejectExtraArguments(positionals)
    if (values.json && values.records)
      throw new UsageError('--json and --records exclude each other')
    const max = values.max === undefined ? undefined : positiveInteger('--max', values.max)
    return withKafka('tail', values.brokers, io, registry, async ({ kafka, config, groupId }) => {
      const topics = chooseTopics(values.topic, config.kafka.topics)
      await requireTopics(kafka, topics)
      const fromBeginning = values['from-beginning'] ?? false
      const consumer = kafka.consumer({
        groupId: groupId('tail'),
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 250,
      })
      await consumer.connect()
      let removeListener = () => {}
      try {
        await consumer.subscribe({ topics, fromBeginning })
        let printed = 0
        let done = false
        await new Promise<void>((resolve, reject) => {
          const finish = () => {
            done = true
            resolve()
          }
          removeListener = (io.onStop ?? onProcessSignals)(finish)
          // The first fetch follows the offset reset: from then on nothing new is missed.
          const ready = consumer.on(consumer.events.FETCH, () => {
            ready()
            io.stderr(
              `tailing ${topics.join(', ')} from the ${fromBeginning ? 'beginning' : 'end'}; Ctrl-C stops`
            )
          })
          consumer.on(consumer.events.CRASH, ({ payload }) => {
            if (!payload.restart) reject(payload.error)
          })
          consumer
            .run({
              autoCommit: false,
              eachMessage: ({ topic, partition, message }) => {
                if (done) return Promise.resolve()
                try {
                  if (values.records) {
                    io.stdout(recordLine(topic, partition, message))
                  } else {
                    const { event } = decodeRecord(message)
                    io.stdout(values.json ? JSON.stringify(event) : describe(event))
                  }
                  printed++
                  if (max !== undefined && printed >= max) finish()
                } catch (error) {
                  if (!(error instanceof RecordError)) throw error
                  io.stderr(
                    `switchboard tail: ${topic} ${String(partition)}:${message.offset}: ${firstLine(error)}`
                  )
                }
                return Promise.resolve()
              },
            })
            .catch(reject)
        })
      } finally {
        removeListener()
        await consumer.disconnect()
      }
      return 0
    })
  },
}

/** The `--topic` values: the aliases `conversations` and `customers`, or topic names; default both. */
function chooseTopics(chosen: readonly string[] | undefined, topics: Topics): string[] {
  if (chosen === undefined || chosen.length === 0) return [topics.conversations, topics.customers]
  const names = chosen.map((topic) =>
    topic === 'conversations' || topic === 'customers' ? topics[topic] : topic
  )
  return [...new Set(names)]
}

/** A decimal integer ≥ 1. Throws `UsageError`. */
export function positiveInteger(option: string, value: string): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(`${option} expects an integer ≥ 1, got "${value}"`)
  }
  return number
}

/** One record as Kafka holds it, as one JSON line: headers and value as UTF-8 text. */
function recordLine(topic: string, partition: number, message: KafkaMessage): string {
  return JSON.stringify({
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])
    ),
    value: message.value?.toString('utf8') ?? null,
  })
}

/** `time  type  subject  vendor  tenant  id`: one event, one line. */
function describe(event: Readonly<Record<string, unknown>>): string {
  const text = (name: string) => {
    const value = event[name]
    return column(typeof value === 'string' ? value : undefined)
  }
  return ['time', 'type', 'subject', 'vendor', 'tenant', 'id'].map(text).join('  ')
}
