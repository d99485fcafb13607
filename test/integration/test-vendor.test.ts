import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Registry } from '../../src/adapter/contract.ts'
import { loadConfig } from '../../src/config/config.ts'
import type { Topics } from '../../src/kafka/records.ts'
import { silentLogger } from '../../src/log.ts'
import { startService, type Service } from '../../src/service.ts'
import { acme, signAcme } from '../helpers/acme-vendor.ts'
import { testBridgeEnv } from '../helpers/bridge.ts'
import { consume } from '../helpers/consume.ts'
import { kafkaBrokers, testKafka } from '../helpers/kafka.ts'

/** A registry with only the test vendor: nothing in src/ knows it. */
const registry: Registry = [acme]
const SECRET = randomBytes(24).toString('base64url')

let service: Service
let topics: Topics

beforeAll(async () => {
  const bridge = await testBridgeEnv({ ACME_SECRETS: SECRET })
  topics = bridge.topics
  service = await startService(loadConfig(bridge.env, registry), kafkaBrokers(), silentLogger)
})

afterAll(async () => {
  await service.stop()
})

const post = (body: Buffer, secret = SECRET) =>
  fetch(`${service.url}/webhooks/acme`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...signAcme(body, secret) },
  })

describe('a vendor registered in a test registry, through the real bridge and broker', () => {
  it('is accepted, rejected and dead-lettered like the built-in vendors', async () => {
    const opened = Buffer.from(
      JSON.stringify({
        id: 'evt-1',
        event: 'ticket.opened',
        tenant: 'shop-9',
        at: '2026-11-29T12:00:00.000Z',
        ticket: { id: 'T-42', subject: 'Where is my parcel?' },
      })
    )
    const accepted = await post(opened)
    expect(accepted.status).toBe(202)
    expect(await accepted.json()).toEqual({ status: 'accepted', ids: ['acme:evt-1'] })

    const forged = await post(opened, 'not-the-secret')
    expect(forged.status).toBe(401)
    expect(await forged.json()).toMatchObject({
      error: { code: 'signature_invalid', reason: 'signature_mismatch' },
    })

    const unknown = Buffer.from(
      JSON.stringify({ id: 'evt-2', event: 'ticket.exploded', tenant: 'x' })
    )
    const deadLettered = await post(unknown)
    expect(deadLettered.status).toBe(202)
    expect(await deadLettered.json()).toMatchObject({
      status: 'dead_lettered',
      reason: 'unknown_event_type',
    })

    const kafka = testKafka('test-vendor')
    const [event] = await consume(kafka, [topics.conversations], 1)
    expect(event?.key).toBe('acme:shop-9:T-42')
    expect(event?.headers).toMatchObject({
      ce_id: 'acme:evt-1',
      ce_source: '/acme/shop-9',
      ce_type: 'conversation.created',
      ce_vendor: 'acme',
    })
    const [letter] = await consume(kafka, [topics.deadLetter], 1)
    expect(letter?.value?.equals(unknown)).toBe(true)
    expect(letter?.key).toBe('evt-2')
    expect(letter?.headers['dlq-vendor']).toBe('acme')
    expect(letter?.headers['acme-signature']).toBe(signAcme(unknown, SECRET)['acme-signature'])
  }, 60_000)

  it('serves no route for a vendor outside the registry', async () => {
    const res = await fetch(`${service.url}/webhooks/plain`, { method: 'POST', body: '{}' })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_vendor' } })
  })
})
