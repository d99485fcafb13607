import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace'
import { beforeEach, describe, expect, it } from 'vitest'
import { testApp } from './helpers/app.ts'
import { fixtureNow, listFixtureCases } from './helpers/fixtures.ts'
import { signFor, TEST_SECRET } from './helpers/sign.ts'
import { installTestTracing, newTraceparent } from './helpers/tracing.ts'

const exporter = installTestTracing()
const fixtures = listFixtureCases()
const fixture = (vendor: string, name: string) =>
  fixtures.find((f) => f.vendor === vendor && f.name === name)!

beforeEach(() => {
  exporter.reset()
})

/** Posts signed, with an incoming traceparent; returns the response and the request's SERVER span. */
async function traced(
  path: string,
  body: Buffer,
  vendor: string,
  options: { now?: () => Date; sign?: boolean } = {}
) {
  const incoming = newTraceparent()
  const { app } = testApp(options.now ? { now: options.now } : {})
  const res = await app.request(path, {
    method: 'POST',
    body,
    headers: {
      traceparent: incoming.traceparent,
      'user-agent': 'vendor/1.0',
      ...(options.sign === false ? {} : signFor(vendor, body)),
    },
  })
  const [server] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER)
  return { res, incoming, server: server! }
}

/** Every attribute value of every span, as text: where a secret or signature must never appear. */
const allAttributeText = (spans: readonly ReadableSpan[]) =>
  spans.flatMap((s) => Object.values(s.attributes).map((value) => JSON.stringify(value))).join('\n')

describe('webhook tracing', () => {
  it('continues the incoming trace with one SERVER span that carries the outcome (accepted)', async () => {
    const hc = fixture('helpcrunch', 'chat.new')
    const { res, incoming, server } = await traced('/webhooks/helpcrunch', hc.body, 'helpcrunch')
    expect(res.status).toBe(202)
    expect(server.name).toBe('POST /webhooks/helpcrunch')
    expect(server.spanContext().traceId).toBe(incoming.traceId)
    expect(server.parentSpanContext?.spanId).toBe(incoming.spanId)
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/webhooks/helpcrunch',
      'http.response.status_code': 202,
      'url.path': '/webhooks/helpcrunch',
      'url.scheme': 'http',
      'user_agent.original': 'vendor/1.0',
      'http.request.body.size': hc.body.byteLength,
    })
    expect(server.status.code).toBe(SpanStatusCode.UNSET)
    // The webhook's own span is the only one (the mock publisher sends no produce request).
    expect(exporter.getFinishedSpans()).toHaveLength(1)
    expect(server.attributes).toMatchObject({
      'switchboard.webhook.vendor': 'helpcrunch',
      'switchboard.webhook.event_type': 'chat.new',
      'switchboard.webhook.event_id': '9a1c2e3f-4b5d-4c6e-8f70-81a2b3c4d501',
      'switchboard.webhook.tenant': 'default',
      'switchboard.canonical.event_count': 1,
      'switchboard.webhook.outcome': 'accepted',
    })
  })

  it('marks a redelivery duplicate', async () => {
    const hc = fixture('helpcrunch', 'chat.new')
    const { app } = testApp()
    const post = () =>
      app.request('/webhooks/helpcrunch', {
        method: 'POST',
        body: hc.body,
        headers: signFor('helpcrunch', hc.body),
      })
    await post()
    exporter.reset()
    expect((await post()).status).toBe(200)
    const [server] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER)
    expect(server!.attributes['switchboard.webhook.outcome']).toBe('duplicate')
  })

  it('marks an event the contract ignores', async () => {
    const ignored = fixture('plain', 'customer.customer_group_changed')
    const { server } = await traced('/webhooks/plain', ignored.body, 'plain', {
      now: () => fixtureNow(ignored),
    })
    expect(server.attributes).toMatchObject({
      'switchboard.webhook.outcome': 'ignored',
      'switchboard.webhook.event_type': 'customer.customer_group_changed',
      'switchboard.canonical.event_count': 0,
    })
  })

  it('marks a dead-lettered webhook with its reason and event id', async () => {
    const body = Buffer.from('{"event":"chat.new","id":"dl-1","createdAt":"soon","eventData":{}}')
    const { res, server } = await traced('/webhooks/helpcrunch', body, 'helpcrunch')
    expect(res.status).toBe(202)
    expect(server.attributes).toMatchObject({
      'switchboard.webhook.outcome': 'dead_lettered',
      'switchboard.webhook.reason': 'invalid_payload',
      'switchboard.webhook.event_id': 'dl-1',
    })
    expect(server.status.code).toBe(SpanStatusCode.UNSET)
  })

  it('records a 401 as rejected with its reason, leaves the SERVER span status unset, and leaks no secret or signature', async () => {
    const hc = fixture('helpcrunch', 'chat.new')
    const wrong = 'ab'.repeat(20)
    const incoming = newTraceparent()
    const { app } = testApp()
    const res = await app.request('/webhooks/helpcrunch', {
      method: 'POST',
      body: hc.body,
      headers: { traceparent: incoming.traceparent, 'x-helpcrunch-signature': wrong },
    })
    expect(res.status).toBe(401)
    const [server] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER)
    expect(server!.attributes['http.response.status_code']).toBe(401)
    // HTTP semconv: a 4xx is the client's error; a SERVER span's status stays unset.
    expect(server!.status.code).toBe(SpanStatusCode.UNSET)
    expect(server!.attributes).toMatchObject({
      'switchboard.webhook.vendor': 'helpcrunch',
      'switchboard.webhook.outcome': 'rejected',
      'switchboard.webhook.reason': 'signature_mismatch',
    })
    expect(server!.attributes['error.type']).toBeUndefined()
    const text =
      allAttributeText(exporter.getFinishedSpans()) +
      JSON.stringify(server!.status) +
      JSON.stringify(server!.events)
    for (const secret of [
      TEST_SECRET,
      wrong,
      signFor('helpcrunch', hc.body)['x-helpcrunch-signature']!,
      'Paul',
    ]) {
      expect(text).not.toContain(secret)
    }
  })

  it("names the route's account as the tenant of a rejected webhook, as its log line does", async () => {
    const hc = fixture('helpcrunch', 'chat.new')
    const { app } = testApp()
    const res = await app.request('/webhooks/helpcrunch/acme', {
      method: 'POST',
      body: hc.body,
      headers: { 'x-helpcrunch-signature': 'ab'.repeat(20) },
    })
    expect(res.status).toBe(401)
    const [server] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER)
    expect(server!.attributes).toMatchObject({
      'switchboard.webhook.outcome': 'rejected',
      'switchboard.webhook.tenant': 'acme',
    })
  })

  it.each([
    { path: '/webhooks/nobody', route: '/webhooks/:vendor', status: 404, reason: 'unknown_vendor' },
    {
      path: '/webhooks/helpcrunch/nobody',
      route: '/webhooks/helpcrunch/:account',
      status: 404,
      reason: 'unknown_account',
    },
  ])(
    'names the SERVER span by route for a $status at $path',
    async ({ path, route, status, reason }) => {
      const { res, server } = await traced(path, Buffer.from('{}'), 'helpcrunch')
      expect(res.status).toBe(status)
      expect(server.name).toBe(`POST ${route}`)
      expect(server.attributes).toMatchObject({
        'http.response.status_code': status,
        'switchboard.webhook.outcome': 'rejected',
        'switchboard.webhook.reason': reason,
      })
    }
  )

  it('records the 404 of an unknown route under /webhooks on the SERVER span', async () => {
    const { app } = testApp()
    const res = await app.request('/webhooks/plain', { method: 'GET' })
    expect(res.status).toBe(404)
    const [server] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER)
    expect(server!.attributes['http.response.status_code']).toBe(404)
  })

  it('marks a 503 as an error on the SERVER span', async () => {
    const hc = fixture('helpcrunch', 'chat.new')
    const { app, publisher } = testApp()
    publisher.ready = false
    const res = await app.request('/webhooks/helpcrunch', {
      method: 'POST',
      body: hc.body,
      headers: signFor('helpcrunch', hc.body),
    })
    expect(res.status).toBe(503)
    const [server] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER)
    expect(server!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'kafka_unavailable' })
    expect(server!.attributes).toMatchObject({
      'error.type': '503',
      'switchboard.webhook.outcome': 'unavailable',
      'switchboard.webhook.reason': 'kafka_unavailable',
    })
  })
})
