import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { adapters } from '../../adapters/index.ts'
import { adapterFor } from '../../src/adapter/contract.ts'
import type { CanonicalEvent } from '../../src/canonical/index.ts'
import { toTopicRecord, type Topics } from '../../src/kafka/records.ts'
import { normalize } from '../../src/pipeline.ts'
import {
  cliEnv,
  createTopics,
  produce,
  runCliWith,
  startCli,
  uniqueTopics,
} from '../helpers/cli-run.ts'
import { FIXTURES_DIR } from '../helpers/fixtures.ts'
import { kafkaBrokers, testKafka } from '../helpers/kafka.ts'

const kafka = testKafka('cli-tail-test')

/** The canonical events of one fixture, through the pipeline's one entry. */
function eventsOf(vendor: string, name: string, tenant = 'default'): CanonicalEvent[] {
  const adapter = adapterFor(adapters, vendor)!
  const body = readFileSync(join(FIXTURES_DIR, vendor, name, 'body.json'))
  const result = normalize(adapter, { body, tenant })
  if (result.status !== 'mapped') throw new Error(`${vendor}/${name} is not mapped`)
  return result.events
}

const conversationEvents = [
  ...eventsOf('plain', 'thread.thread_created'),
  ...eventsOf('helpcrunch', 'chat.new'),
]
const customerEvents = [
  ...eventsOf('helpcrunch', 'customer.new'),
  ...eventsOf('plain', 'customer.customer_created'),
]
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)

/** Topics of their own, with the conversation events in binary mode and the customer events structured. */
async function publishedTopics(): Promise<Topics> {
  const topics = uniqueTopics()
  await createTopics(kafka, topics, 3)
  await produce(kafka, [
    ...conversationEvents.map((event) => toTopicRecord(event, topics, 'binary')),
    ...customerEvents.map((event) => toTopicRecord(event, topics, 'structured')),
  ])
  return topics
}

let topics: Topics

beforeAll(async () => {
  expect(conversationEvents.map((event) => event.type)).toEqual([
    'conversation.created',
    'conversation.created',
  ])
  expect(customerEvents.map((event) => event.type)).toEqual([
    'customer.created',
    'customer.created',
  ])
  topics = await publishedTopics()
})

describe('switchboard tail, against a real broker', () => {
  it('prints exactly the events on both event topics as JSON lines with --from-beginning --json --max', async () => {
    const run = await runCliWith(
      ['tail', '--from-beginning', '--json', '--max', '4'],
      cliEnv(topics)
    )
    expect(run.code).toBe(0)
    const printed = run.stdout.map((line) => JSON.parse(line) as CanonicalEvent)
    expect(printed.sort(byId)).toEqual([...conversationEvents, ...customerEvents].sort(byId))
    expect(run.stderr.filter((line) => line.startsWith('switchboard'))).toEqual([])
  })

  it('prints one line per event with time, type, subject, vendor, tenant and id; --topic customers reads only that topic', async () => {
    const run = await runCliWith(
      ['tail', '--topic', 'customers', '--from-beginning', '--max', '2'],
      cliEnv(topics)
    )
    expect(run.code).toBe(0)
    expect(run.stdout.sort()).toEqual(
      customerEvents
        .map((event) =>
          [event.time, event.type, event.subject, event.vendor, event.tenant, event.id].join('  ')
        )
        .sort()
    )
  })

  it('starts from the end by default: only events published after it started are printed', async () => {
    const fresh = uniqueTopics()
    await createTopics(kafka, fresh, 2)
    const [old, next] = conversationEvents
    await produce(kafka, [toTopicRecord(old!, fresh, 'binary')])
    const tail = startCli(['tail', '--json', '--max', '1'], cliEnv(fresh))
    await tail.waitForStderr(/^tailing .* from the end/)
    await produce(kafka, [toTopicRecord(next!, fresh, 'binary')])
    const run = await tail.done
    expect(run.code).toBe(0)
    expect(run.stdout.map((line) => JSON.parse(line) as unknown)).toEqual([next])
  })

  it('reports a record that does not decode on stderr and goes on', async () => {
    const fresh = uniqueTopics()
    await createTopics(kafka, fresh, 1)
    const [event] = conversationEvents
    await produce(kafka, [
      {
        topic: fresh.conversations,
        message: { key: 'k', value: 'not json', headers: { ce_id: 'x', ce_type: 'y' } },
      },
      toTopicRecord(event!, fresh, 'binary'),
    ])
    const run = await runCliWith(
      ['tail', '--topic', fresh.conversations, '--from-beginning', '--json', '--max', '1'],
      cliEnv(fresh)
    )
    expect(run.code).toBe(0)
    expect(run.stdout.map((line) => JSON.parse(line) as unknown)).toEqual([event])
    expect(run.stderr.filter((line) => line.startsWith('switchboard tail'))).toEqual([
      `switchboard tail: ${fresh.conversations} 0:0: binary record: the value is not JSON`,
    ])
  })

  it('exits 0 when asked to stop (SIGINT/SIGTERM)', async () => {
    const tail = startCli(['tail', '--from-beginning'], cliEnv(topics))
    await tail.waitForStderr(/^tailing /)
    // Wait for the events already there, so the stop comes while it is idle and waiting.
    await expect.poll(() => tail.stdout.length, { timeout: 15_000 }).toBe(4)
    tail.stop()
    const run = await tail.done
    expect(run.code).toBe(0)
    expect(run.stdout).toHaveLength(4)
  })

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'exits 0 on %s as a process (bin/switchboard.ts), after printing what it read',
    async (signal) => {
      const child = spawn(
        process.execPath,
        [
          join(import.meta.dirname, '..', '..', 'bin', 'switchboard.ts'),
          'tail',
          '--from-beginning',
        ],
        {
          env: { PATH: process.env['PATH'] ?? '', ...cliEnv(topics) },
          stdio: ['ignore', 'pipe', 'pipe'],
        }
      )
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      const stdout: string[] = []
      createInterface({ input: child.stdout }).on('line', (line) => stdout.push(line))
      const stderr: string[] = []
      await new Promise<void>((resolve) => {
        createInterface({ input: child.stderr }).on('line', (line) => {
          stderr.push(line)
          if (line.startsWith('tailing ')) resolve()
        })
      })
      await expect.poll(() => stdout.length, { timeout: 15_000 }).toBe(4)
      child.kill(signal)
      expect(await exited).toBe(0)
      expect(
        stderr.filter(
          (line) =>
            !line.startsWith('tailing ') && !/Warning|Timeout duration|trace-warnings/.test(line)
        )
      ).toEqual([])
    }
  )

  it('exits 1 with one line for a topic that does not exist', async () => {
    const run = await runCliWith(['tail', '--topic', 'no-such-topic-here'], cliEnv(topics))
    expect(run.code).toBe(1)
    expect(run.stdout).toEqual([])
    expect(run.stderr).toEqual(['switchboard tail: no such topic: no-such-topic-here'])
  })

  it('exits 2 with one line when no brokers are configured and no development broker listens', async () => {
    const port = await findFreePort()
    const env: Record<string, string> = { ...cliEnv(topics), LOCAL_KAFKA_PORT: String(port) }
    delete env['KAFKA_BROKERS']
    const run = await runCliWith(['tail'], env)
    expect(run).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        `switchboard tail: no Kafka brokers: set KAFKA_BROKERS or pass --brokers HOST:PORT (nothing listens on 127.0.0.1:${port}, where npm start runs its development broker)`,
      ],
    })
  })

  it('uses the development broker without KAFKA_BROKERS, and says so in one line', async () => {
    const port = kafkaBrokers()[0]!.split(':').at(-1)!
    const env: Record<string, string> = { ...cliEnv(topics), LOCAL_KAFKA_PORT: port }
    delete env['KAFKA_BROKERS']
    const run = await runCliWith(['tail', '--from-beginning', '--max', '1'], env)
    expect(run.code).toBe(0)
    expect(run.stderr[0]).toBe(
      `switchboard tail: KAFKA_BROKERS is not set: using the development broker on 127.0.0.1:${port}`
    )
    expect(run.stdout).toHaveLength(1)
  })
})
