/**
 * The vendor door on a real bridge and broker: every vendor in the registry, with nothing here
 * naming one, is sent with `switchboard send` (202, events on Kafka with the golden ids), sent
 * again (200 duplicate), refused with a wrong secret (401), refused when its signed time is stale
 * (vendors that check freshness), dead-lettered with its signature headers when the bridge cannot
 * map it, and replayed with `switchboard replay`, which re-verifies the kept signature.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters } from '../../adapters/index.ts'
import type { Registry } from '../../src/adapter/contract.ts'
import { loadConfig } from '../../src/config/config.ts'
import type { Topics } from '../../src/kafka/records.ts'
import { silentLogger } from '../../src/log.ts'
import { startService, type Service } from '../../src/service.ts'
import { startTestService, testBridgeEnv } from '../helpers/bridge.ts'
import { cliEnv, runCliWith } from '../helpers/cli-run.ts'
import { consume } from '../helpers/consume.ts'
import { goldenEvents, listFixtureCases, type FixtureCase } from '../helpers/fixtures.ts'
import { kafkaBrokers, testKafka } from '../helpers/kafka.ts'
import { signFor, TEST_SECRET } from '../helpers/sign.ts'
import { testKitOf } from '../helpers/vendor-kits.ts'
import { routeOf, TEST_VENDOR_ENV, testVendorRoutes, verifierOf } from '../helpers/vendors.ts'

const kafka = testKafka('vendor-door')
const WRONG = randomBytes(24).toString('base64url')
const dir = mkdtempSync(join(tmpdir(), 'switchboard-door-'))
const cases = listFixtureCases()

/** Yesterday's registry: every adapter as it is, but knowing no event type yet. */
const unmapped: Registry = adapters.map((adapter) => ({ ...adapter, events: {}, ignored: {} }))

let live: { service: Service; topics: Topics }
let yesterday: { service: Service; topics: Topics }

beforeAll(async () => {
  live = await startTestService()
  const { env, topics } = await testBridgeEnv()
  yesterday = {
    service: await startService(loadConfig(env, unmapped), kafkaBrokers(), silentLogger),
    topics,
  }
}, 120_000)

afterAll(async () => {
  await Promise.all([live.service.stop(), yesterday.service.stop()])
})

/** The vendor's first fixture that maps to events. */
function mappedCase(vendor: string): FixtureCase {
  const found = cases.find((c) => c.vendor === vendor && goldenEvents(vendor, c.name).length > 0)
  if (!found) throw new Error(`${vendor} has no fixture that maps to events`)
  return found
}

/** `switchboard send <vendor> FILE` against `service`, signing with `secret`. */
async function send(service: Service, fixture: FixtureCase, body: Uint8Array, secret: string) {
  const file = join(dir, `${fixture.vendor}-${randomBytes(4).toString('hex')}.json`)
  writeFileSync(file, body)
  const account = fixture.tenant === 'default' ? [] : ['--account', fixture.tenant]
  const run = await runCliWith(
    ['send', fixture.vendor, file, ...account, `--secret=${secret}`, '--url', service.url],
    {}
  )
  return { ...run, answer: JSON.parse(run.stdout[1] ?? 'null') as Record<string, unknown> }
}

describe.each(adapters.map((adapter) => adapter.vendor))('%s through a real bridge', (vendor) => {
  const fixture = mappedCase(vendor)
  const ids = goldenEvents(vendor, fixture.name).map((event) => event.id)
  const kit = testKitOf(vendor)

  it('sends (202, events on Kafka), sends again (200 duplicate), refuses a wrong secret (401)', async () => {
    const accepted = await send(live.service, fixture, fixture.body, TEST_SECRET)
    expect(accepted.stdout[0]).toBe('202 Accepted')
    expect(accepted.answer).toEqual({ status: 'accepted', ids })
    expect(accepted.code).toBe(0)
    // Other vendors' events share these topics: read what is there, keep this vendor's.
    const events = await consume(
      kafka,
      [live.topics.conversations, live.topics.customers],
      1000,
      3000
    )
    const own = events.filter((event) => event.headers['ce_vendor'] === vendor)
    expect(own.map((event) => event.headers['ce_id']).sort()).toEqual([...ids].sort())

    const again = await send(live.service, fixture, kit.redeliver(fixture.body), TEST_SECRET)
    expect(again.stdout[0]).toBe('200 OK')
    expect(again.answer).toMatchObject({ status: 'duplicate' })

    const forged = await send(live.service, fixture, fixture.body, WRONG)
    expect(forged.stdout[0]).toBe('401 Unauthorized')
    expect(forged.answer).toMatchObject({ error: { code: 'signature_invalid' } })
    expect(forged.code).toBe(1)
  }, 60_000)

  it('refuses a delivery signed an hour ago with 401 stale_timestamp where it checks freshness', async (context) => {
    const verifier = verifierOf(routeOf(testVendorRoutes(), vendor), 'default')
    if (verifier.checkFreshness === undefined) {
      context.skip(`${vendor} signs no time: nothing can be stale`)
      return
    }
    const hourAgo = new Date(Date.now() - 3_600_000)
    const res = await fetch(`${live.service.url}/webhooks/${vendor}`, {
      method: 'POST',
      body: fixture.body,
      headers: { ...fixture.headers, ...signFor(vendor, fixture.body, TEST_SECRET, hourAgo) },
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { reason: 'stale_timestamp' } })
  })

  it('dead-letters what it cannot map with the signature kept; replay re-verifies and publishes it', async () => {
    const letterTopics = yesterday.topics
    const sent = await send(yesterday.service, fixture, fixture.body, TEST_SECRET)
    expect(sent.answer).toMatchObject({ status: 'dead_lettered', reason: 'unknown_event_type' })
    const letters = await consume(kafka, [letterTopics.deadLetter], 1000, 3000)
    const letter = letters.find((each) => each.headers['dlq-vendor'] === vendor)
    expect(letter).toBeDefined()
    // Every header the vendor signs with is kept, so a replay can check the signature again.
    const signedWith = Object.keys(kit.sign(fixture.body, TEST_SECRET, new Date()))
    expect(signedWith.filter((name) => letter!.headers[name] === undefined)).toEqual([])

    const env = cliEnv(letterTopics, TEST_VENDOR_ENV)
    const select = ['--vendor', vendor, '--json']
    const rotated = await runCliWith(['replay', ...select], { ...env, ...kit.env(WRONG) })
    expect(rotated.code).toBe(1)
    expect(JSON.parse(rotated.stdout[0]!)).toMatchObject({ outcome: 'signature-invalid' })

    const replayed = await runCliWith(['replay', ...select], env)
    expect(replayed.stderr).toEqual([])
    expect(JSON.parse(replayed.stdout[0]!)).toMatchObject({ outcome: 'published', ids })
    expect(replayed.code).toBe(0)
  }, 60_000)
})
