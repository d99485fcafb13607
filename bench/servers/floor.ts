/**
 * The transport floor of `npm run bench`: what any bridge on this stack (Hono on
 * @hono/node-server, kafkajs) pays before it checks anything. It reads the body, takes its `id`,
 * and publishes one record shaped like a Switchboard event (a ~650-byte value, as the mapped Plain
 * thread event's `data`, and the same 14 header names: `content-type`, twelve `ce_*`,
 * `traceparent`) through Switchboard's own micro-batcher
 * (linger 5 ms, one request in flight, idempotent producer, acks = all), and answers 202 once Kafka
 * acknowledged it. No signature, schema, mapping, de-duplication or telemetry: Switchboard cannot
 * cost less than this per webhook without changing its HTTP server or Kafka client. Environment:
 * `PORT`, `HOST`, `KAFKA_BROKERS`, `NAIVE_TOPIC` (the one topic, as the naive bridge's); `GET
 * /readyz` answers 200 once the producer is connected.
 */
import { Hono } from 'hono'
import { Kafka, logLevel, Partitioners } from 'kafkajs'
import { MicroBatcher } from '../../src/kafka/batcher.ts'
import { acceptOne, requiredEnv as env, serveUntilTerm } from './standalone.ts'

const topic = env('NAIVE_TOPIC')

const producer = new Kafka({
  clientId: 'floor-bridge',
  brokers: env('KAFKA_BROKERS').split(','),
  logLevel: logLevel.ERROR,
}).producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
})
const batcher = new MicroBatcher(
  (topicMessages) => producer.sendBatch({ topicMessages, acks: -1 }),
  { lingerMs: 5, maxBatchMessages: 1000, maxBatchBytes: 900_000 }
)
let ready = false

/** A value the size of a mapped Plain thread event's `data` (653 bytes in its golden fixture). */
const VALUE = JSON.stringify({ thread: { title: 'x'.repeat(600), status: 'TODO' } })

/** The header names of a Switchboard event in binary mode, with plausible values. */
const headersOf = (id: string) => ({
  'content-type': 'application/json',
  ce_specversion: '1.0',
  ce_id: `plain:${id}`,
  ce_source: 'https://app.plain.com/workspace/bench',
  ce_type: 'conversation.status_changed',
  ce_subject: id,
  ce_time: new Date().toISOString(),
  ce_dataschema: 'https://switchboard.example/schemas/conversation.status_changed/v1',
  ce_partitionkey: id,
  ce_vendor: 'plain',
  ce_vendorevent: 'thread.thread_status_transitioned',
  ce_vendoreventid: id,
  ce_tenant: 'bench',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
})

const app = new Hono()
  .post('/webhooks/:vendor', async (c) => {
    const body = await c.req.text()
    return acceptOne(c, body, (id) =>
      batcher.publish([{ topic, message: { key: id, value: VALUE, headers: headersOf(id) } }])
    )
  })
  .get('/readyz', (c) => (ready ? c.text('ok') : c.text('connecting', 503)))

await producer.connect()
ready = true
serveUntilTerm(app.fetch, () => batcher.flush().then(() => producer.disconnect()))
