import { randomBytes } from 'node:crypto'
import type { Kafka } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters } from '../../adapters/index.ts'
import { loadConfig } from '../../src/config/config.ts'
import type { Topics } from '../../src/kafka/records.ts'
import { silentLogger } from '../../src/log.ts'
import { startService, type Service } from '../../src/service.ts'
import { startTestService, testBridgeEnv } from '../helpers/bridge.ts'
import { createTopics } from '../helpers/cli-run.ts'
import { consume } from '../helpers/consume.ts'
import { listFixtureCases } from '../helpers/fixtures.ts'
import { kafkaBrokers, testKafka } from '../helpers/kafka.ts'
import { rawExchange, slowClient } from '../helpers/raw-http.ts'
import { signFor } from '../helpers/sign.ts'

const hcNew = listFixtureCases().find((f) => f.vendor === 'helpcrunch' && f.name === 'chat.new')!

/** A unique HelpCrunch body (its own event id), so each delivery is accepted, not a duplicate. */
const uniqueBody = () => {
  const parsed = JSON.parse(hcNew.body.toString('utf8')) as { id: string }
  return Buffer.from(JSON.stringify({ ...parsed, id: `hostile-${randomBytes(6).toString('hex')}` }))
}

const deliver = (url: string, body: Buffer = uniqueBody()) =>
  fetch(`${url}/webhooks/helpcrunch`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...signFor('helpcrunch', body) },
  })

let service: Service
let topics: Topics
let kafka: Kafka

beforeAll(async () => {
  const started = await startTestService({
    MAX_IN_FLIGHT_REQUESTS: '5',
    HEADERS_TIMEOUT_MS: '1000',
    BODY_TIMEOUT_MS: '1500',
  })
  service = started.service
  topics = started.topics
  kafka = testKafka('hostile-test')
})

afterAll(async () => {
  await service.stop()
})

describe('slow clients on a real broker', () => {
  it('cannot take slots from whole webhooks, get 408, and leave the edge serving', async () => {
    // Four times the in-flight limit of clients that send headers and a byte of body, then trickle.
    const slow = await Promise.all(
      Array.from({ length: 20 }, () =>
        slowClient(service.url, '/webhooks/helpcrunch', { contentLength: 1000, everyMs: 200 })
      )
    )
    // While they trickle, whole webhooks get their normal answer.
    for (let i = 0; i < 3; i++) expect((await deliver(service.url)).status).toBe(202)

    // Past BODY_TIMEOUT_MS each gets a JSON 408 and its connection closed.
    const answers = await Promise.all(slow.map((client) => client.answer))
    for (const answer of answers) {
      expect(answer.status).toBe(408)
      expect(answer.headers['connection']).toBe('close')
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'request_timeout' } })
    }
    // Nothing leaked: a webhook is accepted at once, and the process is ready.
    const started = performance.now()
    expect((await deliver(service.url)).status).toBe(202)
    expect(performance.now() - started).toBeLessThan(3000)
    expect((await fetch(`${service.adminUrl}/readyz`)).status).toBe(200)
  }, 30_000)

  it('keeps serving whole webhooks while more slow clients than the limit leave mid-body', async () => {
    const slow = await Promise.all(
      Array.from({ length: 20 }, () =>
        slowClient(service.url, '/webhooks/helpcrunch', { contentLength: 1000, everyMs: 200 })
      )
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    for (const client of slow) client.leave()
    const started = performance.now()
    expect((await deliver(service.url)).status).toBe(202)
    expect(performance.now() - started).toBeLessThan(3000)
  }, 30_000)

  it('answers a client trickling its headers with a JSON 408 from the HTTP parser', async () => {
    const client = await slowClient(service.url, '/webhooks/helpcrunch', {
      contentLength: 10,
      everyMs: 200,
      headersOnly: true,
    })
    const answer = await client.answer
    expect(answer.status).toBe(408)
    expect(answer.headers['content-type']).toBe('application/json')
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'request_timeout' } })
    expect((await deliver(service.url)).status).toBe(202)
  }, 30_000)
})

describe('what the HTTP parser refuses gets a JSON error body', () => {
  it('answers 400 for a request line it cannot parse', async () => {
    const answer = await rawExchange(service.url, 'HELLO THERE\r\n\r\n')
    expect(answer.status).toBe(400)
    expect(answer.headers['content-type']).toBe('application/json')
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'bad_request' } })
  })

  it('answers 431 for 3,000 headers', async () => {
    const headers = Array.from({ length: 3000 }, (_, i) => `x-filler-${i}: ${i}\r\n`).join('')
    const answer = await rawExchange(
      service.url,
      `POST /webhooks/helpcrunch HTTP/1.1\r\nhost: x\r\n${headers}content-length: 0\r\n\r\n`
    )
    expect(answer.status).toBe(431)
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'headers_too_large' } })
  })
})

describe('the largest authentic body', () => {
  it('is dead-lettered with its bytes intact: 1,048,000 signed random bytes', async () => {
    const body = randomBytes(1_048_000)
    const res = await deliver(service.url, body)
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ status: 'dead_lettered', reason: 'invalid_json' })
    const [record] = await consume(kafka, [topics.deadLetter], 1, 20_000)
    expect(record?.value?.equals(body)).toBe(true)
    expect(record?.headers['dlq-reason']).toBe('invalid_json')
    expect(record?.headers['x-helpcrunch-signature']).toBe(
      signFor('helpcrunch', body)['x-helpcrunch-signature']
    )
  }, 60_000)

  it('refuses to start when the dead-letter topic cannot hold it, naming topic and setting', async () => {
    const { env, topics: own } = await testBridgeEnv()
    // Kafka's own default (message.max.bytes), as a topic created by hand would have.
    await createTopics(kafka, [own.deadLetter], 1, [
      { name: 'max.message.bytes', value: '1048588' },
    ])
    await expect(
      startService(loadConfig(env, adapters), kafkaBrokers(), silentLogger)
    ).rejects.toThrow(
      new RegExp(`${own.deadLetter}: max\\.message\\.bytes is 1048588.*at least 1114112`)
    )
  }, 60_000)
})

describe('the listeners', () => {
  it('serves /metrics, /healthz and /readyz on the admin port only', async () => {
    for (const path of ['/metrics', '/healthz', '/readyz']) {
      const res = await fetch(`${service.url}${path}`)
      expect(res.status, path).toBe(404)
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
    }
    expect((await fetch(`${service.adminUrl}/healthz`)).status).toBe(200)
    expect((await fetch(`${service.adminUrl}/readyz`)).status).toBe(200)
    expect(new URL(service.adminUrl).hostname).toBe('127.0.0.1')
  })
})

describe('shutdown', () => {
  it('does not wait on bodies that never arrive', async () => {
    const { service: own } = await startTestService({ BODY_TIMEOUT_MS: '60000' })
    const slow = await Promise.all(
      Array.from({ length: 5 }, () =>
        slowClient(own.url, '/webhooks/helpcrunch', { contentLength: 1000, everyMs: 200 })
      )
    )
    const started = performance.now()
    expect(await own.stop()).toBe(true)
    expect(performance.now() - started).toBeLessThan(5000)
    for (const client of slow) client.leave()
  }, 30_000)
})
