/**
 * A bridge whose Kafka is down when it starts (no spool, no KAFKA_STARTUP_DEADLINE_MS) stays up,
 * alive but not ready, answers webhooks 503 so the vendor retries, and becomes ready and accepts
 * them once Kafka comes: the Kubernetes way, instead of a CrashLoopBackOff through an outage.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { startLocalKafka, type LocalKafka } from '../../scripts/kafka/local-broker.ts'
import { eventually } from '../helpers/eventually.ts'
import { goldenEvents, listFixtureCases } from '../helpers/fixtures.ts'
import { startBridge } from '../helpers/process.ts'
import { signFor, TEST_SECRET } from '../helpers/sign.ts'
import { testProcessEnv } from '../helpers/bridge.ts'
import { testKitOf } from '../helpers/vendor-kits.ts'

let kafka: LocalKafka | undefined
let bridge: ReturnType<typeof startBridge> | undefined

afterAll(async () => {
  bridge?.child.kill('SIGTERM')
  await bridge?.exited
  await kafka?.stop()
}, 60_000)

describe('a bridge started before its Kafka', () => {
  it('stays up (healthz 200, readyz 503, webhooks 503) and becomes ready when Kafka comes', async () => {
    const port = await findFreePort()
    const { env } = await testProcessEnv({
      KAFKA_BROKERS: `127.0.0.1:${port}`,
      KAFKA_HEALTH_INTERVAL_MS: '500',
    })
    bridge = startBridge(env)
    const [url, adminUrl] = [await bridge.url(), await bridge.adminUrl()]
    await bridge.waitFor(/Kafka is unreachable at start-up; webhooks are answered 503/)
    expect((await fetch(`${adminUrl}/healthz`)).status).toBe(200)
    expect((await fetch(`${adminUrl}/readyz`)).status).toBe(503)

    // A webhook that maps: refused with 503 and Retry-After while Kafka is away.
    // One whose vendor signs no time in the body, so it verifies at any clock.
    const fixture = listFixtureCases().find(
      (c) =>
        c.tenant === 'default' &&
        goldenEvents(c.vendor, c.name).length > 0 &&
        testKitOf(c.vendor).receivedAt === undefined
    )!
    const post = () =>
      fetch(`${url}/webhooks/${fixture.vendor}`, {
        method: 'POST',
        body: fixture.body,
        headers: {
          'content-type': 'application/json',
          ...signFor(fixture.vendor, fixture.body, TEST_SECRET, new Date()),
        },
      })
    const early = await post()
    expect(early.status).toBe(503)
    expect(early.headers.get('retry-after')).not.toBeNull()

    kafka = await startLocalKafka({ port })
    const ready = await eventually(
      async () => (await fetch(`${adminUrl}/readyz`)).status === 200,
      90_000
    )
    expect(ready).toBe(true)
    const late = await post()
    expect(late.status).toBe(202)
  }, 180_000)
})
