import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { fixtureNow, listFixtureCases } from './helpers/fixtures.ts'
import { createAdminApp } from '../src/http/admin-app.ts'
import { silentLogger } from '../src/log.ts'
import { InMemoryPublisher, testApp } from './helpers/app.ts'
import { signFor } from './helpers/sign.ts'

const fixtures = listFixtureCases()
const fixture = (vendor: string, name: string) =>
  fixtures.find((f) => f.vendor === vendor && f.name === name)!
const plainCreated = fixture('plain', 'thread.thread_created')
const hcNew = fixture('helpcrunch', 'chat.new')
const at = () => fixtureNow(plainCreated)

/** A signed POST of a fixture, as the vendor sends it. */
function post(
  vendor: string,
  body: Buffer,
  extra: Record<string, string> = {},
  secret?: string
): RequestInit {
  return {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...signFor(vendor, body, secret), ...extra },
  }
}

describe('POST /webhooks/:vendor', () => {
  it('answers 202 accepted with the ids, after publishing every event, keyed by subject', async () => {
    const { app, publisher } = testApp({ now: at })
    const res = await app.request('/webhooks/plain', post('plain', plainCreated.body))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({
      status: 'accepted',
      ids: ['plain:pEv_01HD44FHHJ0YABSNGKWMG3CJ5J'],
    })
    expect(publisher.published).toHaveLength(1)
    expect(publisher.published[0]!.topic).toBe('conv')
    expect(publisher.published[0]!.message.headers?.['ce_id']).toBe(
      'plain:pEv_01HD44FHHJ0YABSNGKWMG3CJ5J'
    )
  })

  it('answers 200 duplicate to a redelivery and publishes nothing more', async () => {
    const { app, publisher } = testApp({ now: at })
    await app.request('/webhooks/plain', post('plain', plainCreated.body))
    const again = JSON.parse(plainCreated.body.toString()) as {
      webhookMetadata: Record<string, unknown>
    }
    again.webhookMetadata['webhookDeliveryAttemptNumber'] = 2
    const res = await app.request(
      '/webhooks/plain',
      post('plain', Buffer.from(JSON.stringify(again)))
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'duplicate' })
    expect(publisher.published).toHaveLength(1)
  })

  it('publishes two concurrent deliveries of one event once', async () => {
    const { app, publisher } = testApp()
    const [a, b] = await Promise.all([
      app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body)),
      app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body)),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 202])
    expect(publisher.calls).toBe(1)
  })

  it('answers 202 ignored for an event the contract ignores, publishing nothing', async () => {
    const ignored = fixture('plain', 'timeline.timeline_entry_changed')
    const { app, publisher } = testApp({ now: () => fixtureNow(ignored) })
    const res = await app.request('/webhooks/plain', post('plain', ignored.body))
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({
      status: 'ignored',
      reason: expect.any(String) as string,
    })
    expect(publisher.published).toHaveLength(0)
  })

  it('dead-letters an authentic but unmappable body byte for byte, with the reason headers', async () => {
    const { app, publisher } = testApp()
    const body = Buffer.from('{"event":"chat.new","id":"e-1","createdAt":"soon","eventData":{}}')
    const res = await app.request(
      '/webhooks/helpcrunch/acme',
      post('helpcrunch', body, { 'user-agent': 'GuzzleHttp/6.5.5' })
    )
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ status: 'dead_lettered', reason: 'invalid_payload' })
    const [record] = publisher.published
    expect(record!.topic).toBe('dlq')
    expect(Buffer.compare(record!.message.value as Buffer, body)).toBe(0)
    expect(record!.message.key).toBe('e-1')
    expect(record!.message.headers).toMatchObject({
      'x-helpcrunch-signature': signFor('helpcrunch', body)['x-helpcrunch-signature'],
      'user-agent': 'GuzzleHttp/6.5.5',
      'dlq-reason': 'invalid_payload',
      'dlq-vendor': 'helpcrunch',
      'dlq-tenant': 'acme',
    })
  })

  it('dead-letters authentic bytes that are not JSON', async () => {
    const { app, publisher } = testApp()
    const res = await app.request(
      '/webhooks/helpcrunch',
      post('helpcrunch', Buffer.from('{"applications": {743, 42}}'))
    )
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ status: 'dead_lettered', reason: 'invalid_json' })
    expect(publisher.published[0]!.message.key).toBeNull()
  })

  it.each([
    { case: 'no signature', init: () => ({ method: 'POST', body: plainCreated.body }) },
    {
      case: 'a wrong signature',
      init: () => post('plain', plainCreated.body, {}, randomBytes(16).toString('hex')),
    },
    {
      case: 'a body changed after signing',
      init: () => ({
        ...post('plain', plainCreated.body),
        body: Buffer.concat([plainCreated.body, Buffer.from(' ')]),
      }),
    },
  ])('answers 401 for $case and publishes and dead-letters nothing', async ({ init }) => {
    const { app, publisher } = testApp({ now: at })
    const res = await app.request('/webhooks/plain', init())
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'signature_invalid' } })
    expect(publisher.calls).toBe(0)
  })

  it('answers 401 for a stale Plain delivery (replay)', async () => {
    const { app, publisher } = testApp({ now: () => new Date(at().getTime() + 3600_000) })
    const res = await app.request('/webhooks/plain', post('plain', plainCreated.body))
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({
      error: { code: 'signature_invalid', reason: 'stale_timestamp' },
    })
    expect(publisher.calls).toBe(0)
  })

  it.each([
    { path: '/webhooks/nobody', code: 'unknown_vendor' },
    { path: '/webhooks/helpcrunch/nobody', code: 'unknown_account' },
    { path: '/nothing-here', code: 'not_found' },
  ])('answers 404 $code for $path', async ({ path, code }) => {
    const { app } = testApp()
    const res = await app.request(path, post('helpcrunch', hcNew.body))
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code } })
  })

  it('answers 413 for a body over the limit, by Content-Length and while streaming', async () => {
    const { app, publisher } = testApp({
      limits: {
        bodyLimitBytes: 100,
        bodyTimeoutMs: 1000,
        requestDeadlineMs: 1000,
        maxInFlightRequests: 10,
        retryAfterSeconds: 1,
      },
    })
    const big = Buffer.alloc(101, 'x')
    const declared = await app.request(
      '/webhooks/helpcrunch',
      post('helpcrunch', big, { 'content-length': '101' })
    )
    expect(declared.status).toBe(413)
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(big))
        controller.close()
      },
    })
    const streamed = await app.request('/webhooks/helpcrunch', {
      method: 'POST',
      body: stream,
      headers: { 'transfer-encoding': 'chunked' },
      duplex: 'half',
    })
    expect(streamed.status).toBe(413)
    expect(await streamed.json()).toMatchObject({ error: { code: 'payload_too_large' } })
    expect(publisher.calls).toBe(0)
  })

  it.each([
    {
      case: 'Kafka is known to be unreachable',
      setup: (p: InMemoryPublisher) => (p.ready = false),
      reason: 'kafka_unavailable',
    },
    {
      case: 'Kafka rejects the produce request',
      setup: (p: InMemoryPublisher) => (p.mode = 'fail'),
      reason: 'publish_failed',
    },
    {
      case: 'Kafka does not answer within the deadline',
      setup: (p: InMemoryPublisher) => (p.mode = 'hang'),
      reason: 'deadline_exceeded',
    },
  ])('answers 503 with Retry-After when $case', async ({ setup, reason }) => {
    const publisher = new InMemoryPublisher()
    setup(publisher)
    const { app } = testApp({
      publisher,
      limits: {
        bodyLimitBytes: 1 << 20,
        bodyTimeoutMs: 1000,
        requestDeadlineMs: 100,
        maxInFlightRequests: 10,
        retryAfterSeconds: 7,
      },
    })
    const started = performance.now()
    const res = await app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('7')
    expect(await res.json()).toMatchObject({ error: { code: 'unavailable', reason } })
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('lets a failed delivery be retried: the failure is not remembered as published', async () => {
    const publisher = new InMemoryPublisher()
    const { app } = testApp({ publisher })
    publisher.mode = 'fail'
    expect((await app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))).status).toBe(
      503
    )
    publisher.mode = 'ok'
    expect((await app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))).status).toBe(
      202
    )
  })

  it('answers 503 overloaded beyond the in-flight limit', async () => {
    const publisher = new InMemoryPublisher()
    publisher.mode = 'hang'
    const { app } = testApp({
      publisher,
      limits: {
        bodyLimitBytes: 1 << 20,
        bodyTimeoutMs: 1000,
        requestDeadlineMs: 300,
        maxInFlightRequests: 1,
        retryAfterSeconds: 1,
      },
    })
    const first = app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const second = await app.request(
      '/webhooks/helpcrunch',
      post('helpcrunch', fixture('helpcrunch', 'chat.closed').body)
    )
    expect(second.status).toBe(503)
    expect(await second.json()).toMatchObject({ error: { reason: 'overloaded' } })
    expect((await first).status).toBe(503)
  })

  it('holds the in-flight slot of a webhook answered 503 at its deadline until its publish settles', async () => {
    const publisher = new InMemoryPublisher()
    publisher.mode = 'hang'
    const { app } = testApp({
      publisher,
      limits: {
        bodyLimitBytes: 1 << 20,
        bodyTimeoutMs: 1000,
        requestDeadlineMs: 50,
        maxInFlightRequests: 1,
        retryAfterSeconds: 1,
      },
    })
    const first = await app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))
    expect(first.status).toBe(503)
    expect(await first.json()).toMatchObject({ error: { reason: 'deadline_exceeded' } })
    // Its records are still queued: the next webhook must not get the slot yet.
    const second = await app.request(
      '/webhooks/helpcrunch',
      post('helpcrunch', fixture('helpcrunch', 'chat.closed').body)
    )
    expect(await second.json()).toMatchObject({ error: { reason: 'overloaded' } })
    publisher.release()
    await new Promise((resolve) => setTimeout(resolve, 20))
    publisher.mode = 'ok'
    const third = await app.request(
      '/webhooks/helpcrunch',
      post('helpcrunch', fixture('helpcrunch', 'chat.closed').body)
    )
    expect(third.status).toBe(202)
  })

  it.each([
    { case: 'with a Content-Length', headers: { 'content-length': '500' } },
    { case: 'chunked', headers: { 'transfer-encoding': 'chunked' } },
  ])('answers 400 body_unreadable when the body stream breaks off ($case)', async ({ headers }) => {
    const { app, publisher } = testApp()
    const broken = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"event":'))
        controller.error(new Error('client went away'))
      },
    })
    const res = await app.request('/webhooks/helpcrunch', {
      method: 'POST',
      body: broken,
      headers,
      duplex: 'half',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'body_unreadable' } })
    expect(publisher.calls).toBe(0)
  })

  it('answers 408 for a body that does not arrive in time, closes the connection, and holds no slot', async () => {
    const publisher = new InMemoryPublisher()
    const { app } = testApp({
      publisher,
      limits: {
        bodyLimitBytes: 1 << 20,
        bodyTimeoutMs: 100,
        requestDeadlineMs: 1000,
        maxInFlightRequests: 1,
        retryAfterSeconds: 1,
      },
    })
    // Headers, one byte of the body, then nothing: a slow (or hostile) client.
    const trickle = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([0x7b]))
      },
    })
    const started = performance.now()
    const slow = await app.request('/webhooks/helpcrunch', {
      method: 'POST',
      body: trickle,
      headers: { 'content-type': 'application/json', ...signFor('helpcrunch', hcNew.body) },
      duplex: 'half',
    })
    expect(slow.status).toBe(408)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(slow.headers.get('connection')).toBe('close')
    expect(await slow.json()).toMatchObject({ error: { code: 'request_timeout' } })
    // With a limit of one webhook in flight, the next one is still admitted.
    const next = await app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))
    expect(next.status).toBe(202)
    expect(publisher.calls).toBe(1)
  })

  it('admits a whole webhook while others are still sending their bodies', async () => {
    const publisher = new InMemoryPublisher()
    const { app } = testApp({
      publisher,
      limits: {
        bodyLimitBytes: 1 << 20,
        bodyTimeoutMs: 5000,
        requestDeadlineMs: 1000,
        maxInFlightRequests: 2,
        retryAfterSeconds: 1,
      },
    })
    const pending: ReadableStreamDefaultController<Uint8Array>[] = []
    const slow = Array.from({ length: 5 }, async () =>
      app.request('/webhooks/helpcrunch', {
        method: 'POST',
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            pending.push(controller)
            controller.enqueue(new Uint8Array([0x7b]))
          },
        }),
        headers: { 'content-type': 'application/json', ...signFor('helpcrunch', hcNew.body) },
        duplex: 'half',
      })
    )
    const whole = await app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))
    expect(whole.status).toBe(202)
    for (const controller of pending) controller.error(new Error('client went away'))
    for (const res of await Promise.all(slow)) expect(res.status).toBe(400)
  })

  it('answers 503 shutting_down once shutdown began', async () => {
    const { app, shutDown } = testApp()
    shutDown()
    const res = await app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))
    expect(res.status).toBe(503)
    expect(res.headers.get('connection')).toBe('close')
    expect(await res.json()).toMatchObject({ error: { reason: 'shutting_down' } })
  })
})

describe('the admin listener', () => {
  const adminOf = (publisher: InMemoryPublisher, metricsText?: () => Promise<string>) => {
    let shuttingDown = false
    const app = createAdminApp({
      kafkaReady: () => publisher.ready,
      isShuttingDown: () => shuttingDown,
      logger: silentLogger,
      retryAfterSeconds: 1,
      ...(metricsText && { metricsText }),
    })
    return { app, shutDown: () => (shuttingDown = true) }
  }

  it('answers alive always, ready only while Kafka is reachable and not shutting down', async () => {
    const publisher = new InMemoryPublisher()
    const { app, shutDown } = adminOf(publisher)
    expect((await app.request('/healthz')).status).toBe(200)
    expect((await app.request('/readyz')).status).toBe(200)
    publisher.ready = false
    expect((await app.request('/readyz')).status).toBe(503)
    expect((await app.request('/healthz')).status).toBe(200)
    publisher.ready = true
    shutDown()
    const res = await app.request('/readyz')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'not_ready', reason: 'shutting_down' })
  })

  it('serves /metrics when telemetry gives it, and a JSON 404 when not', async () => {
    const withMetrics = adminOf(new InMemoryPublisher(), () => Promise.resolve('# metrics\n'))
    const res = await withMetrics.app.request('/metrics')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('# metrics\n')
    const without = adminOf(new InMemoryPublisher())
    const missing = await without.app.request('/metrics')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } })
  })

  it('serves no webhooks', async () => {
    const { app } = adminOf(new InMemoryPublisher())
    const res = await app.request('/webhooks/helpcrunch', post('helpcrunch', hcNew.body))
    expect(res.status).toBe(404)
  })
})

describe('the webhook listener serves webhooks only', () => {
  it.each(['/healthz', '/readyz', '/metrics'])('answers a JSON 404 for GET %s', async (path) => {
    const { app } = testApp()
    const res = await app.request(path)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})

describe('dead letters of a vendor whose body names its tenant', () => {
  it('carry the body’s tenant in dlq-tenant, not the route’s default account', async () => {
    const created = fixture('plain', 'thread.thread_created')
    const body = JSON.parse(created.body.toString('utf8')) as {
      workspaceId: string
      payload: Record<string, unknown>
    }
    body.payload['thread'] = 'not a thread'
    const bytes = Buffer.from(JSON.stringify(body))
    const { app, publisher } = testApp({ now: () => fixtureNow(created) })
    const res = await app.request('/webhooks/plain', post('plain', bytes))
    expect(await res.json()).toMatchObject({ status: 'dead_lettered', reason: 'invalid_payload' })
    expect(publisher.published[0]!.message.headers).toMatchObject({
      'dlq-tenant': body.workspaceId,
    })
  })
})
