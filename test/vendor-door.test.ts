/**
 * The vendor door at the HTTP edge: every vendor in the registry, with nothing in this file naming
 * one, is served as its own tests kit signs it. A vendor added as one folder and one registry line
 * is tested here with no edit.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'
import { TOPICS, testApp } from './helpers/app.ts'
import { fixtureNow, goldenEvents, listFixtureCases, type FixtureCase } from './helpers/fixtures.ts'
import { signFor, TEST_SECRET } from './helpers/sign.ts'
import { testKitOf } from './helpers/vendor-kits.ts'

const cases = listFixtureCases()

/** The vendor's first fixture that maps to events: the webhook these tests post. */
function mappedCase(vendor: string): FixtureCase {
  const found = cases.find((c) => c.vendor === vendor && goldenEvents(vendor, c.name).length > 0)
  if (!found) throw new Error(`${vendor} has no fixture that maps to events`)
  return found
}

const pathOf = (fixture: FixtureCase) =>
  fixture.tenant === 'default'
    ? `/webhooks/${fixture.vendor}`
    : `/webhooks/${fixture.vendor}/${fixture.tenant}`

/** A POST of `body` as the vendor sends it at `now`, signed with `secret`. */
const post = (fixture: FixtureCase, body: Uint8Array, now: Date, secret = TEST_SECRET) => ({
  method: 'POST',
  body,
  headers: {
    ...fixture.headers,
    'content-type': 'application/json',
    ...signFor(fixture.vendor, body, secret, now),
  },
})

describe.each(adapters.map((adapter) => adapter.vendor))('the %s route', (vendor) => {
  const fixture = mappedCase(vendor)
  const now = fixtureNow(fixture)

  it('answers 202 with the golden ids, publishes them, and answers a redelivery 200 duplicate', async () => {
    let clock = now
    const { app, publisher } = testApp({ now: () => clock })
    const res = await app.request(pathOf(fixture), post(fixture, fixture.body, now))
    expect(res.status).toBe(202)
    const ids = goldenEvents(vendor, fixture.name).map((event) => event.id)
    expect(await res.json()).toEqual({ status: 'accepted', ids })
    expect(publisher.published.map((record) => record.message.headers?.['ce_id'])).toEqual(ids)

    const kit = testKitOf(vendor)
    const again = kit.redeliver(fixture.body)
    clock = kit.receivedAt?.(again) ?? now
    const duplicate = await app.request(pathOf(fixture), post(fixture, again, clock))
    expect(duplicate.status).toBe(200)
    expect(await duplicate.json()).toMatchObject({ status: 'duplicate' })
    expect(publisher.published).toHaveLength(ids.length)
  })

  it('answers 401 to a wrong secret and publishes nothing', async () => {
    const { app, publisher } = testApp({ now: () => now })
    const wrong = randomBytes(24).toString('base64url')
    const res = await app.request(pathOf(fixture), post(fixture, fixture.body, now, wrong))
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'signature_invalid' } })
    expect(publisher.published).toHaveLength(0)
  })

  it('dead-letters authentic bytes that are not JSON, keeping every header the vendor signed with', async () => {
    const { app, publisher } = testApp({ now: () => now })
    const body = Buffer.from('{"not json')
    const request = post(fixture, body, now)
    const res = await app.request(pathOf(fixture), request)
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ status: 'dead_lettered', reason: 'invalid_json' })
    const [record] = publisher.published
    expect(record?.topic).toBe(TOPICS.deadLetter)
    expect(Buffer.compare(record!.message.value as Buffer, body)).toBe(0)
    expect(record!.message.headers).toMatchObject({
      ...signFor(vendor, body, TEST_SECRET, now),
      'dlq-vendor': vendor,
      'dlq-reason': 'invalid_json',
    })
  })

  it('answers a URL check (HEAD) 200 without a body', async () => {
    const { app, publisher } = testApp()
    const res = await app.request(`/webhooks/${vendor}`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expect(publisher.published).toHaveLength(0)
    // Only the probe: a GET is no route.
    expect((await app.request(`/webhooks/${vendor}`)).status).toBe(404)
  })
})
