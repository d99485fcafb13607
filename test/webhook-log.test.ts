import { describe, expect, it } from 'vitest'
import type { LogLevel } from '../src/log.ts'
import { InMemoryPublisher, testApp } from './helpers/app.ts'
import { fixtureNow, listFixtureCases } from './helpers/fixtures.ts'
import { signFor, TEST_SECRET } from './helpers/sign.ts'

const fixtures = listFixtureCases()
const fixture = (vendor: string, name: string) =>
  fixtures.find((f) => f.vendor === vendor && f.name === name)!
const hcNew = fixture('helpcrunch', 'chat.new')

/** A logger that keeps each line as the JSON it would write. */
function recording() {
  const lines: Record<string, unknown>[] = []
  return {
    lines,
    logger: {
      log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>) {
        lines.push(JSON.parse(JSON.stringify({ level, message, ...fields })) as never)
      },
    },
  }
}

const post = (body: Buffer | string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
})

describe('the log line of a webhook', () => {
  it('is written once per request, with its outcome, reason, status and duration, for every answer', async () => {
    const { lines, logger } = recording()
    const publisher = new InMemoryPublisher()
    const { app, shutDown } = testApp({
      logger,
      publisher,
      limits: {
        bodyLimitBytes: 64 * 1024,
        bodyTimeoutMs: 2000,
        requestDeadlineMs: 200,
        maxInFlightRequests: 100,
        retryAfterSeconds: 7,
      },
    })
    const signed = signFor('helpcrunch', hcNew.body)
    const answers: number[] = []
    const send = async (path: string, init: RequestInit) => {
      answers.push((await app.request(path, init)).status)
    }

    await send('/webhooks/helpcrunch', post(hcNew.body, signed))
    await send('/webhooks/helpcrunch', post(hcNew.body, signed))
    await send('/webhooks/helpcrunch/acme', post(hcNew.body, { 'x-helpcrunch-signature': 'ab' }))
    await send('/webhooks/helpcrunch/nobody', post(hcNew.body, signed))
    await send('/webhooks/nobody', post('{}'))
    await send('/webhooks/helpcrunch/a/b', post('{}'))
    await send('/webhooks/helpcrunch', post(Buffer.alloc(65 * 1024, 32), signed))
    publisher.ready = false
    const other = JSON.stringify({ ...JSON.parse(hcNew.body.toString()), id: 'log-2' })
    await send('/webhooks/helpcrunch', post(other, signFor('helpcrunch', Buffer.from(other))))
    publisher.ready = true
    publisher.mode = 'hang'
    const third = JSON.stringify({ ...JSON.parse(hcNew.body.toString()), id: 'log-3' })
    await send('/webhooks/helpcrunch', post(third, signFor('helpcrunch', Buffer.from(third))))
    publisher.release()
    shutDown()
    await send('/webhooks/helpcrunch', post(hcNew.body, signed))

    expect(answers).toEqual([202, 200, 401, 404, 404, 404, 413, 503, 503, 503])
    const webhookLines = lines.filter((l) => String(l['message']).startsWith('webhook '))
    expect(lines).toEqual(webhookLines)
    const summary = webhookLines.map((l) => [l['level'], l['outcome'], l['reason'], l['status']])
    expect(summary).toEqual([
      ['info', 'accepted', undefined, 202],
      ['info', 'duplicate', undefined, 200],
      ['warn', 'rejected', 'malformed_signature', 401],
      ['warn', 'rejected', 'unknown_account', 404],
      ['warn', 'rejected', 'unknown_vendor', 404],
      ['warn', 'rejected', 'not_found', 404],
      ['warn', 'rejected', 'payload_too_large', 413],
      ['warn', 'unavailable', 'kafka_unavailable', 503],
      ['warn', 'unavailable', 'deadline_exceeded', 503],
      ['warn', 'unavailable', 'shutting_down', 503],
    ])
    expect(webhookLines[0]).toEqual({
      level: 'info',
      message: 'webhook accepted',
      vendor: 'helpcrunch',
      tenant: 'default',
      event_type: 'chat.new',
      event_id: '9a1c2e3f-4b5d-4c6e-8f70-81a2b3c4d501',
      outcome: 'accepted',
      status: 202,
      duration_ms: expect.any(Number) as number,
    })
    expect(webhookLines[2]).toMatchObject({ vendor: 'helpcrunch', tenant: 'acme' })
    expect(webhookLines[3]).toMatchObject({ tenant: 'nobody' })
    expect(webhookLines[4]).toMatchObject({ vendor: 'unknown' })
    const text = JSON.stringify(lines)
    expect(text).not.toContain(TEST_SECRET)
    expect(text).not.toContain(signed['x-helpcrunch-signature'])
    expect(text).not.toContain('chat_id')
  })

  it('says where a Plain webhook is ignored or dead-lettered, with the reason', async () => {
    const { lines, logger } = recording()
    const ignored = fixture('plain', 'timeline.timeline_entry_changed')
    const unknown = fixture('plain', 'thread.thread_deleted--future-event-type')
    const { app } = testApp({ logger, now: () => fixtureNow(ignored) })
    await app.request('/webhooks/plain', post(ignored.body, signFor('plain', ignored.body)))
    const { app: app2 } = testApp({ logger, now: () => fixtureNow(unknown) })
    await app2.request('/webhooks/plain', post(unknown.body, signFor('plain', unknown.body)))
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        outcome: 'ignored',
        reason: 'ignored_by_contract',
        event_type: 'timeline.timeline_entry_changed',
        tenant: 'w_01FXQ6A83FXNN9XA00415VR1XP',
        status: 202,
      }),
      expect.objectContaining({
        level: 'warn',
        outcome: 'dead_lettered',
        reason: 'unknown_event_type',
        status: 202,
      }),
    ])
  })
})
