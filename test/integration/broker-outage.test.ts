import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { startLocalKafka, type LocalKafka } from '../../scripts/kafka/local-broker.ts'
import { KAFKA_DATA_ROOT } from '../../scripts/kafka/paths.ts'
import type { Service } from '../../src/service.ts'
import { startTestService } from '../helpers/bridge.ts'
import { consume } from '../helpers/consume.ts'
import { listFixtureCases } from '../helpers/fixtures.ts'
import { testKafka, uniqueName } from '../helpers/kafka.ts'
import { eventually } from '../helpers/eventually.ts'
import { signFor } from '../helpers/sign.ts'

const DEADLINE_MS = 3000
const dataDir = join(KAFKA_DATA_ROOT, uniqueName('outage'))
let ports: { port: number; controllerPort: number }
let broker: LocalKafka
let service: Service

const body = listFixtureCases().find(
  (f) => f.vendor === 'helpcrunch' && f.name === 'chat.new'
)!.body
/** The chat.new fixture with a new event id and chat id, so each call is a distinct vendor event. */
const eventBody = (n: number) => {
  const json = JSON.parse(body.toString()) as { id: string; eventData: { chat_id: number } }
  json.id = `outage-${n}`
  json.eventData.chat_id = 900000 + n
  return Buffer.from(JSON.stringify(json))
}
const post = (payload: Buffer) =>
  fetch(`${service.url}/webhooks/helpcrunch`, {
    method: 'POST',
    body: payload,
    headers: signFor('helpcrunch', payload),
  })
const readyStatus = async () => (await fetch(`${service.adminUrl}/readyz`)).status

let topic: string

beforeAll(async () => {
  ports = { port: await findFreePort(), controllerPort: await findFreePort() }
  broker = await startLocalKafka({ ...ports, dataDir, keepData: true })
  const started = await startTestService(
    { REQUEST_DEADLINE_MS: String(DEADLINE_MS), KAFKA_HEALTH_INTERVAL_MS: '300' },
    broker.brokers
  )
  service = started.service
  topic = started.topics.conversations
}, 90_000)

afterAll(async () => {
  await service.stop()
  await broker.stop()
  await rm(dataDir, { recursive: true, force: true })
})

describe('a Kafka outage', () => {
  it('answers 503 within the deadline while the broker is down, then recovers without a restart', async () => {
    expect((await post(eventBody(1))).status).toBe(202)

    await broker.stop()
    expect(await eventually(async () => (await readyStatus()) === 503, 10_000)).toBe(true)
    const started = Date.now()
    const during = await post(eventBody(2))
    expect(during.status).toBe(503)
    expect(during.headers.get('retry-after')).not.toBeNull()
    expect(Date.now() - started).toBeLessThanOrEqual(DEADLINE_MS + 500)

    broker = await startLocalKafka({ ...ports, dataDir, keepData: true })
    expect(await eventually(async () => (await readyStatus()) === 200, 30_000)).toBe(true)

    // The vendor retries the event that got 503, and sends a new one: both are published once.
    const retried = await post(eventBody(2))
    expect([200, 202]).toContain(retried.status)
    expect((await post(eventBody(3))).status).toBe(202)
    const records = await consume(testKafka('outage-reader', broker.brokers), [topic], 3)
    expect(records.map((r) => r.headers['ce_id']).sort()).toEqual([
      'helpcrunch:outage-1',
      'helpcrunch:outage-2',
      'helpcrunch:outage-3',
    ])
  }, 120_000)
})
