import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listFixtureCases } from '../helpers/fixtures.ts'
import { testProcessEnv } from '../helpers/bridge.ts'
import { startBridge } from '../helpers/process.ts'
import { signFor, TEST_SECRET } from '../helpers/sign.ts'

const fixtures = listFixtureCases()

/** A Plain fixture's body, delivered now (Plain signs its delivery time, which must be fresh). */
function plainBody(name: string): Buffer {
  const fixture = fixtures.find((f) => f.vendor === 'plain' && f.name === name)!
  const body = JSON.parse(fixture.body.toString()) as { webhookMetadata: Record<string, unknown> }
  body.webhookMetadata['webhookDeliveryAttemptTimestamp'] = new Date().toISOString()
  return Buffer.from(JSON.stringify(body))
}

/** An OTLP/HTTP (JSON) sink that accepts everything: the bridge's spans need somewhere to go. */
const sink = createServer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'))
})
let sinkUrl: string
beforeAll(async () => {
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve))
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`
})
afterAll(() => {
  sink.close()
})

interface WebhookLine {
  level: string
  message: string
  vendor: string
  tenant?: string
  event_type?: string
  event_id?: string
  outcome: string
  reason?: string
  status: number
  duration_ms: number
  trace_id?: string
}

describe('the log of the bridge process', () => {
  it('has one line per webhook with its outcome, reason and status, and never the secret or a signature', async () => {
    const bridge = startBridge(
      {
        ...(await testProcessEnv()).env,
        LOG_LEVEL: 'info',
        // Traced, so that each line carries its trace id.
        OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
      { preload: true }
    )
    const url = await bridge.url()
    const signatures: string[] = []
    const post = async (body: Buffer, secret = TEST_SECRET) => {
      const headers = signFor('plain', body, secret)
      signatures.push(headers['plain-request-signature']!)
      return (await fetch(`${url}/webhooks/plain`, { method: 'POST', body, headers })).status
    }

    const created = plainBody('thread.thread_created')
    expect(await post(created)).toBe(202)
    expect(await post(created)).toBe(200)
    expect(await post(plainBody('timeline.timeline_entry_changed'))).toBe(202)
    expect(await post(plainBody('thread.thread_deleted--future-event-type'))).toBe(202)
    expect(await post(plainBody('thread.thread_created'), 'not-the-secret')).toBe(401)

    bridge.child.kill('SIGTERM')
    expect(await bridge.exited).toBe(0)
    const lines = bridge.lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    const webhooks = lines.filter((l) => String(l['message']).startsWith('webhook ')) as unknown[]
    expect(webhooks).toEqual([
      {
        time: expect.any(String),
        level: 'info',
        message: 'webhook accepted',
        vendor: 'plain',
        tenant: 'w_01GST0W989ZNAW53X6XYHAY87P',
        event_type: 'thread.thread_created',
        event_id: 'pEv_01HD44FHHJ0YABSNGKWMG3CJ5J',
        outcome: 'accepted',
        status: 202,
        duration_ms: expect.any(Number),
        trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
      expect.objectContaining({
        level: 'info',
        outcome: 'duplicate',
        event_id: 'pEv_01HD44FHHJ0YABSNGKWMG3CJ5J',
        status: 200,
      }),
      expect.objectContaining({
        level: 'info',
        outcome: 'ignored',
        reason: 'ignored_by_contract',
        event_type: 'timeline.timeline_entry_changed',
        status: 202,
      }),
      expect.objectContaining({
        level: 'warn',
        outcome: 'dead_lettered',
        reason: 'unknown_event_type',
        // The workspace the body names, as for every identified Plain webhook (and its dead letter).
        tenant: 'w_01GST0W989ZNAW53X6XYHAY87P',
        status: 202,
      }),
      expect.objectContaining({
        level: 'warn',
        outcome: 'rejected',
        reason: 'signature_mismatch',
        status: 401,
      }),
    ] satisfies Partial<WebhookLine>[])
    const traceIds = new Set((webhooks as WebhookLine[]).map((l) => l.trace_id))
    expect(traceIds.size).toBe(5)
    const log = bridge.lines.join('\n')
    expect(log).not.toContain(TEST_SECRET)
    expect(log).not.toContain('not-the-secret')
    for (const signature of signatures) expect(log).not.toContain(signature)
    expect(log).not.toContain('webhookDeliveryAttemptTimestamp')
  }, 120_000)
})
