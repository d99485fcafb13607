import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Kafka } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../src/canonical/index.ts'
import type { Topics } from '../../src/kafka/records.ts'
import type { Service } from '../../src/service.ts'
import { startTestService } from '../helpers/bridge.ts'
import { consume, recordCount, type Consumed } from '../helpers/consume.ts'
import { fixtureNow, listFixtureCases, type FixtureCase } from '../helpers/fixtures.ts'
import { testKafka } from '../helpers/kafka.ts'
import { signFor } from '../helpers/sign.ts'

let topics: Topics
const allTopics = () => [topics.conversations, topics.customers, topics.deadLetter]
let service: Service
let kafka: Kafka

beforeAll(async () => {
  const started = await startTestService({
    KAFKA_TOPIC_PARTITIONS: '3',
    // Plain fixtures carry 2023–2024 delivery timestamps; the freshness check is tested on its own.
    PLAIN_TIMESTAMP_TOLERANCE_SECONDS: String(100 * 365 * 86400),
  })
  service = started.service
  topics = started.topics
  kafka = testKafka('edge-test')
})

afterAll(async () => {
  await service.stop()
})

/** POSTs a fixture to the running bridge, signed now with the test secret. */
function deliver(
  fixture: FixtureCase,
  body: Buffer = fixture.body,
  signature?: Record<string, string>
) {
  // `/webhooks/<vendor>` serves the default account; a named one has its own route.
  const path =
    fixture.tenant === 'default'
      ? `/webhooks/${fixture.vendor}`
      : `/webhooks/${fixture.vendor}/${fixture.tenant}`
  return fetch(`${service.url}${path}`, {
    method: 'POST',
    body,
    headers: { ...fixture.headers, ...(signature ?? signFor(fixture.vendor, body)) },
  })
}

const fixtures = listFixtureCases()
const expectedOf = (fixture: FixtureCase) =>
  JSON.parse(readFileSync(join(fixture.dir, 'expected.json'), 'utf8')) as {
    status: string
    events?: CanonicalEvent[]
  }

/** CloudEvents identity: `source` + `id` (HelpCrunch ids repeat across accounts). */
const identity = (source: string | undefined, id: string | undefined) =>
  `${source ?? ''} ${id ?? ''}`

describe('the bridge on a real Kafka broker', () => {
  it('publishes every mapped fixture to the right topic with key, CloudEvents headers and data', async () => {
    // The first delivery of a vendor event publishes; variants that reuse its id are duplicates.
    const expected = new Map<string, CanonicalEvent>()
    for (const fixture of fixtures) {
      const golden = expectedOf(fixture)
      if (golden.status !== 'mapped') continue
      for (const event of golden.events!) {
        if (!expected.has(identity(event.source, event.id)))
          expected.set(identity(event.source, event.id), event)
      }
      const res = await deliver(fixture)
      const body = (await res.json()) as { status: string; ids?: string[] }
      // A fixture may share its vendor event id with another (variants of one sample): then it is a duplicate.
      expect(['accepted', 'duplicate'], fixture.name).toContain(body.status)
    }
    const unique = [...expected.values()]
    const records = await consume(kafka, [topics.conversations, topics.customers], unique.length)
    expect(records).toHaveLength(unique.length)
    // consume() stops at the count it was given: the topics' own totals rule out extra records.
    expect(await recordCount(kafka, [topics.conversations, topics.customers])).toBe(unique.length)
    const byId = new Map(
      records.map((r) => [identity(r.headers['ce_source'], r.headers['ce_id']), r])
    )
    for (const event of unique) {
      const record = byId.get(identity(event.source, event.id))
      expect(record, event.id).toBeDefined()
      expect(record!.topic).toBe(
        event.type.startsWith('customer.') ? topics.customers : topics.conversations
      )
      expect(record!.key).toBe(event.subject)
      expect(record!.headers).toMatchObject({
        'content-type': 'application/json',
        ce_specversion: '1.0',
        ce_type: event.type,
        ce_source: event.source,
        ce_subject: event.subject,
        ce_time: event.time,
        ce_dataschema: event.dataschema,
        ce_tenant: event.tenant,
      })
      expect(JSON.parse(record!.value!.toString('utf8'))).toEqual(event.data)
    }
  })

  it('answers a redelivery (new attempt) 200 duplicate and adds nothing', async () => {
    const fixture = fixtures.find(
      (f) => f.vendor === 'plain' && f.name === 'thread.thread_created'
    )!
    const before = await recordCount(kafka, allTopics())
    const body = JSON.parse(fixture.body.toString()) as { webhookMetadata: Record<string, unknown> }
    body.webhookMetadata['webhookDeliveryAttemptNumber'] = 5
    body.webhookMetadata['webhookDeliveryAttemptTimestamp'] = fixtureNow(fixture).toISOString()
    const res = await deliver(fixture, Buffer.from(JSON.stringify(body)))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'duplicate' })
    expect(await recordCount(kafka, allTopics())).toBe(before)
  })

  it('dead-letters an authentic unmappable body byte for byte, with the reason headers', async () => {
    const fixture = fixtures.find(
      (f) => f.vendor === 'helpcrunch' && f.name === 'chat.snoozed--invalid-json'
    )!
    const res = await deliver(fixture)
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ status: 'dead_lettered', reason: 'invalid_json' })
    const [letter] = (await consume(kafka, [topics.deadLetter], 1)) as [Consumed]
    expect(Buffer.compare(letter.value!, fixture.body)).toBe(0)
    expect(letter.headers).toMatchObject({
      'dlq-reason': 'invalid_json',
      'dlq-vendor': 'helpcrunch',
      'dlq-tenant': 'default',
      'x-helpcrunch-signature': signFor('helpcrunch', fixture.body)['x-helpcrunch-signature'],
    })
    expect(Date.parse(letter.headers['dlq-received-at']!)).not.toBeNaN()
  })

  it('answers 401 to unsigned, wrongly signed and stale requests and leaves every topic unchanged', async () => {
    const fixture = fixtures.find(
      (f) => f.vendor === 'plain' && f.name === 'customer.customer_created'
    )!
    const before = await recordCount(kafka, allTopics())
    const fresh = JSON.parse(fixture.body.toString()) as {
      id: string
      webhookMetadata: Record<string, unknown>
    }
    fresh.id = 'pEv_01J0000000000000000000STAL'
    const stale = Buffer.from(JSON.stringify(fresh)) // attempt timestamp 2023: far outside a 300 s window…
    // …of a bridge with the default tolerance, writing to the same topics.
    const { service: strictService } = await startTestService({
      KAFKA_TOPIC_CONVERSATIONS: topics.conversations,
      KAFKA_TOPIC_CUSTOMERS: topics.customers,
      KAFKA_TOPIC_DEADLETTER: topics.deadLetter,
    })
    try {
      const answers = await Promise.all([
        fetch(`${service.url}/webhooks/plain`, { method: 'POST', body: fixture.body }),
        deliver(fixture, fixture.body, { 'plain-request-signature': 'f'.repeat(64) }),
        fetch(`${strictService.url}/webhooks/plain`, {
          method: 'POST',
          body: stale,
          headers: signFor('plain', stale),
        }),
      ])
      expect(answers.map((r) => r.status)).toEqual([401, 401, 401])
    } finally {
      await strictService.stop()
    }
    expect(await recordCount(kafka, allTopics())).toBe(before)
  })
})
