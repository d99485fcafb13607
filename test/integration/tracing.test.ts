import { SpanKind } from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../src/canonical/index.ts'
import { canonicalEachMessage } from '../../src/consumer/index.ts'
import type { Service } from '../../src/service.ts'
import { startTestService } from '../helpers/bridge.ts'
import { consume } from '../helpers/consume.ts'
import { listFixtureCases } from '../helpers/fixtures.ts'
import { kafkaBrokers, testKafka, uniqueName } from '../helpers/kafka.ts'
import { signFor } from '../helpers/sign.ts'
import { installTestTracing, newTraceparent, spansNamed } from '../helpers/tracing.ts'

const exporter = installTestTracing()
let topic: string
let service: Service

beforeAll(async () => {
  // A generous linger so that concurrent webhooks share produce requests.
  const started = await startTestService({ PUBLISH_LINGER_MS: '40' })
  service = started.service
  topic = started.topics.conversations
})

afterAll(async () => {
  await service.stop()
})

const template = listFixtureCases().find(
  (f) => f.vendor === 'helpcrunch' && f.name === 'chat.new'
)!.body
/** A distinct chat.new event, posted with its own traceparent. */
async function post(n: string, traceparent: string) {
  const json = JSON.parse(template.toString()) as { id: string; eventData: { chat_id: number } }
  json.id = `trace-${n}`
  json.eventData.chat_id = 700000 + Number(n.replace(/\D/g, '') || 0)
  const body = Buffer.from(JSON.stringify(json))
  const res = await fetch(`${service.url}/webhooks/helpcrunch`, {
    method: 'POST',
    body,
    headers: { ...signFor('helpcrunch', body), traceparent },
  })
  expect(res.status).toBe(202)
  return `helpcrunch:trace-${n}`
}

const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1]

describe('a webhook traced across the Kafka hop', () => {
  it("puts the webhook's own trace on the record, and the consumer helper continues it", async () => {
    const incoming = newTraceparent()
    const id = await post('single', incoming.traceparent)
    const [record] = await consume(testKafka('trace-reader'), [topic], 1)
    expect(record?.headers['ce_id']).toBe(id)
    expect(traceIdOf(record?.headers['traceparent'])).toBe(incoming.traceId)
    // The record's parent is the webhook's own SERVER span, the one span a webhook makes.
    const server = spansNamed(exporter, 'POST /webhooks/helpcrunch').find(
      (s) => s.spanContext().traceId === incoming.traceId
    )
    expect(server).toBeDefined()
    expect(record?.headers['traceparent']?.split('-')[2]).toBe(server?.spanContext().spanId)

    // A real kafkajs consumer running the helper.
    const groupId = uniqueName('trace-consumer')
    const consumer = testKafka('trace-consumer').consumer({ groupId, maxWaitTimeInMs: 100 })
    const handled: CanonicalEvent[] = []
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: canonicalEachMessage(
          (event) => {
            handled.push(event)
            if (event.id === id) resolve()
            return Promise.resolve()
          },
          { groupId }
        ),
      })
    })
    await done
    await consumer.disconnect()
    const processed = spansNamed(exporter, `process ${topic}`).find(
      (s) => s.attributes['cloudevents.event_id'] === id
    )
    expect(processed).toBeDefined()
    expect(processed!.kind).toBe(SpanKind.CONSUMER)
    expect(processed!.spanContext().traceId).toBe(incoming.traceId)
    expect(processed!.parentSpanContext?.spanId).toBe(server?.spanContext().spanId)
    expect(processed!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topic,
      'messaging.consumer.group.name': groupId,
      'cloudevents.event_type': 'conversation.created',
    })
    expect(handled.find((event) => event.id === id)?.type).toBe('conversation.created')
  })

  it("keeps each record on its own request's trace when concurrent webhooks share one produce request", async () => {
    exporter.reset()
    const requests = Array.from({ length: 12 }, (_, i) => ({ n: `batch${i}`, ...newTraceparent() }))
    const ids = await Promise.all(requests.map((r) => post(r.n, r.traceparent)))
    const records = await consume(testKafka('batch-reader'), [topic], 13)
    for (const [i, request] of requests.entries()) {
      const record = records.find((r) => r.headers['ce_id'] === ids[i])
      expect(traceIdOf(record?.headers['traceparent']), request.n).toBe(request.traceId)
    }
    const sends = spansNamed(exporter, `send ${topic}`)
    const shared = sends.find((s) => Number(s.attributes['messaging.batch.message_count']) > 1)
    expect(
      shared,
      `produce requests: ${sends.map((s) => s.attributes['messaging.batch.message_count']).join(', ')}`
    ).toBeDefined()
    expect(shared!.kind).toBe(SpanKind.PRODUCER)
    expect(shared!.links.length).toBe(shared!.attributes['messaging.batch.message_count'])
    const requestTraces = new Set(requests.map((r) => r.traceId))
    for (const link of shared!.links) expect(requestTraces.has(link.context.traceId)).toBe(true)
    const [host, port] = kafkaBrokers()[0]!.split(':')
    expect(shared!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.destination.name': topic,
      'server.address': host,
      'server.port': Number(port),
    })
  })
})
