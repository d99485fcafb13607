import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Partitioners } from 'kafkajs'
import type { Admin, IHeaders, Kafka, KafkaMessage } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalKafka } from '../../scripts/kafka/local-broker.ts'
import type { LocalKafka } from '../../scripts/kafka/local-broker.ts'
import { KAFKA_DATA_ROOT } from '../../scripts/kafka/paths.ts'
import { testKafka, uniqueName } from '../helpers/kafka.ts'

type Received = {
  key: string | undefined
  value: string | undefined
  headers: Record<string, string>
  offset: string
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString()
  }
  return out
}

function decode(message: KafkaMessage): Received {
  return {
    key: message.key?.toString(),
    value: message.value?.toString(),
    headers: decodeHeaders(message.headers),
    offset: message.offset,
  }
}

/** Produces `messages` with acks=-1 and returns their offsets. */
async function produce(
  kafka: Kafka,
  topic: string,
  messages: { key: string; value: string; headers?: Record<string, string> }[]
): Promise<string[]> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  try {
    const metadata = await producer.send({ topic, acks: -1, messages })
    return metadata.map((m) => m.baseOffset ?? '')
  } finally {
    await producer.disconnect()
  }
}

/** Reads `count` messages of `topic` from the beginning with a fresh consumer group. */
async function consume(kafka: Kafka, topic: string, count: number): Promise<Received[]> {
  const consumer = kafka.consumer({
    groupId: uniqueName('kafka-broker-test'),
    maxWaitTimeInMs: 100,
  })
  const received: Received[] = []
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`received ${received.length} of ${count} messages within 20 s`))
      }, 20_000)
      consumer
        .run({
          eachMessage: ({ message }) => {
            received.push(decode(message))
            if (received.length >= count) {
              clearTimeout(timer)
              resolve()
            }
            return Promise.resolve()
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer)
          reject(error instanceof Error ? error : new Error(String(error)))
        })
    })
  } finally {
    await consumer.disconnect()
  }
  return received
}

async function createTopic(admin: Admin, topic: string): Promise<void> {
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
  })
  expect(created).toBe(true)
}

describe('Kafka broker for integration tests', () => {
  const kafka = testKafka('kafka-broker-test')
  const admin = kafka.admin()
  const topic = uniqueName('kafka-broker-test')

  beforeAll(async () => {
    await admin.connect()
  })
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
    await admin.disconnect()
  })

  it('round-trips keyed messages with headers, in order, through a consumer group', async () => {
    await createTopic(admin, topic)
    expect(await admin.listTopics()).toContain(topic)

    const sent = [
      {
        key: 'conv-1',
        value: '{"n":1}',
        headers: { 'content-type': 'application/json', ce_id: 'a' },
      },
      {
        key: 'conv-2',
        value: '{"n":2}',
        headers: { 'content-type': 'application/json', ce_id: 'b' },
      },
      { key: 'conv-1', value: '{"n":3}', headers: { ce_id: 'c', ce_type: 'x.y.z' } },
    ]
    expect(await produce(kafka, topic, sent)).toEqual(['0'])

    const received = await consume(kafka, topic, sent.length)
    expect(received).toEqual([
      { key: 'conv-1', value: '{"n":1}', headers: sent[0]!.headers, offset: '0' },
      { key: 'conv-2', value: '{"n":2}', headers: sent[1]!.headers, offset: '1' },
      { key: 'conv-1', value: '{"n":3}', headers: sent[2]!.headers, offset: '2' },
    ])
  })

  it('does not create topics on demand (auto.create.topics.enable=false)', async () => {
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
      retry: { retries: 1, initialRetryTime: 100 },
    })
    await producer.connect()
    try {
      await expect(
        producer.send({ topic: uniqueName('missing'), acks: -1, messages: [{ value: 'x' }] })
      ).rejects.toThrow()
    } finally {
      await producer.disconnect()
    }
  })
})

describe('startLocalKafka', () => {
  it('stops, then restarts on the same ports and folder with the data intact', async () => {
    const dataDir = join(KAFKA_DATA_ROOT, uniqueName('test-restart'))
    const topic = uniqueName('restart')
    let broker: LocalKafka | undefined
    try {
      broker = await startLocalKafka({ dataDir, keepData: true })
      const first = broker
      const kafka = testKafka('restart-test', first.brokers)
      const admin = kafka.admin()
      await admin.connect()
      await createTopic(admin, topic)
      await admin.disconnect()
      await produce(kafka, topic, [
        { key: 'k1', value: 'before-1' },
        { key: 'k2', value: 'before-2' },
      ])

      await first.stop()
      broker = undefined
      expect(() => process.kill(first.pid, 0)).toThrow()
      const offline = testKafka('restart-test-offline', first.brokers).admin({
        retry: { retries: 0 },
      })
      await expect(offline.connect()).rejects.toThrow()
      await offline.disconnect()

      broker = await startLocalKafka({
        port: first.port,
        controllerPort: first.controllerPort,
        dataDir,
        keepData: true,
      })
      expect(broker.brokers).toEqual(first.brokers)
      expect(broker.pid).not.toBe(first.pid)
      const again = testKafka('restart-test-again', broker.brokers)
      const received = await consume(again, topic, 2)
      expect(received.map((m) => [m.key, m.value])).toEqual([
        ['k1', 'before-1'],
        ['k2', 'before-2'],
      ])
    } finally {
      await broker?.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 120_000)

  it('removes a throwaway folder on stop', async () => {
    const broker = await startLocalKafka()
    try {
      expect(broker.dataDir).toBe(join(KAFKA_DATA_ROOT, `run-${broker.port}`))
      expect(existsSync(join(broker.dataDir, 'data', 'meta.properties'))).toBe(true)
    } finally {
      await broker.stop()
    }
    expect(existsSync(broker.dataDir)).toBe(false)
  }, 90_000)
})
