/**
 * The naive bridge of `npm run bench`: the least an honest webhook-to-Kafka bridge does. Checks the
 * vendor's HMAC over the raw body in constant time (Plain: hex HMAC-SHA256 in
 * `Plain-Request-Signature`; HelpCrunch: hex HMAC-SHA1 in `X-Helpcrunch-Signature`), reads the
 * body's `id` as the record key, then awaits one kafkajs `send` per request (acks = all, idempotent
 * producer, one request in flight, as Switchboard's producer) and answers 202 only after it. No
 * schema, mapping, CloudEvents, batching, de-duplication or telemetry. Environment: `PORT`, `HOST`,
 * `KAFKA_BROKERS`, `NAIVE_TOPIC`, `PLAIN_SIGNING_SECRETS`, `HELPCRUNCH_SIGNING_KEYS` (one secret
 * each); `GET /readyz` answers 200 once the producer is connected.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { Kafka, logLevel } from 'kafkajs'
import { acceptOne, requiredEnv as env, serveUntilTerm } from './standalone.ts'
const topic = env('NAIVE_TOPIC')
/** Route segment → how that vendor signs. */
const schemes: Record<string, { header: string; algorithm: string; secret: string } | undefined> = {
  plain: {
    header: 'plain-request-signature',
    algorithm: 'sha256',
    secret: env('PLAIN_SIGNING_SECRETS'),
  },
  helpcrunch: {
    header: 'x-helpcrunch-signature',
    algorithm: 'sha1',
    secret: process.env['HELPCRUNCH_SIGNING_KEYS'] ?? env('PLAIN_SIGNING_SECRETS'),
  },
}

const producer = new Kafka({
  clientId: 'naive-bridge',
  brokers: env('KAFKA_BROKERS').split(','),
  logLevel: logLevel.ERROR,
}).producer({ idempotent: true, maxInFlightRequests: 1 })
let ready = false

/** True when `signature` is the hex HMAC of `body`; the compare takes the same time for every wrong one. */
function authentic(scheme: NonNullable<(typeof schemes)[string]>, body: string, signature = '') {
  const expected = createHmac(scheme.algorithm, scheme.secret).update(body).digest()
  const given = Buffer.from(signature, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const app = new Hono()
  .post('/webhooks/:vendor', async (c) => {
    const scheme = schemes[c.req.param('vendor')]
    if (!scheme) return c.json({ error: { code: 'unknown_vendor' } }, 404)
    const body = await c.req.text()
    if (!authentic(scheme, body, c.req.header(scheme.header))) {
      return c.json({ error: { code: 'signature_invalid' } }, 401)
    }
    return acceptOne(c, body, (id) =>
      producer.send({ topic, acks: -1, messages: [{ key: id, value: body }] })
    )
  })
  .get('/readyz', (c) => (ready ? c.text('ok') : c.text('connecting', 503)))

await producer.connect()
ready = true
serveUntilTerm(app.fetch, () => producer.disconnect())
