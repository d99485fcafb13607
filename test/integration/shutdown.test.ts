import { describe, expect, it } from 'vitest'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { consume } from '../helpers/consume.ts'
import { listFixtureCases } from '../helpers/fixtures.ts'
import { startTestService } from '../helpers/bridge.ts'
import { testKafka } from '../helpers/kafka.ts'
import { startBridge } from '../helpers/process.ts'
import { signFor } from '../helpers/sign.ts'

const body = listFixtureCases().find(
  (f) => f.vendor === 'helpcrunch' && f.name === 'chat.new'
)!.body

async function start(extra: Record<string, string> = {}) {
  const { service, topics } = await startTestService(extra)
  const topic = topics.conversations
  const post = () =>
    fetch(`${service.url}/webhooks/helpcrunch`, {
      method: 'POST',
      body,
      headers: signFor('helpcrunch', body),
    })
  return { service, topic, post }
}

describe('graceful shutdown', () => {
  it('does not wait for idle keep-alive connections', async () => {
    const { service, post } = await start()
    expect((await post()).status).toBe(202) // fetch keeps this connection alive in its pool
    const started = Date.now()
    expect(await service.stop()).toBe(true)
    expect(Date.now() - started).toBeLessThan(2000) // Node's keep-alive timeout alone is 5 s
  })

  it('answers a webhook in flight when shutdown begins, and flushes its events to Kafka', async () => {
    const { service, topic, post } = await start({ PUBLISH_LINGER_MS: '400' })
    const pending = post()
    await new Promise((resolve) => setTimeout(resolve, 100))
    const stopped = service.stop()
    const res = await pending
    expect(res.status).toBe(202)
    expect(await stopped).toBe(true)
    const [record] = await consume(testKafka('shutdown-reader'), [topic], 1)
    expect(record?.headers['ce_vendoreventid']).toBe('9a1c2e3f-4b5d-4c6e-8f70-81a2b3c4d501')
  })

  it('exits 1 with one clear log line when Kafka cannot be reached within KAFKA_STARTUP_DEADLINE_MS', async () => {
    const broker = `127.0.0.1:${await findFreePort()}`
    const bridge = startBridge({
      HOST: '127.0.0.1',
      PORT: String(await findFreePort()),
      KAFKA_BROKERS: broker,
      KAFKA_STARTUP_DEADLINE_MS: '3000',
      KAFKA_HEALTH_INTERVAL_MS: '500',
    })
    expect(await bridge.exited).toBe(1)
    expect(bridge.lines.join('\n')).not.toMatch(/\n\s+at /) // no stack trace
    // kafkajs's retries are not logged before it: the one line names the brokers and the fix.
    const problems = bridge.lines
      .map((line) => JSON.parse(line) as { level: string; message: string })
      .filter((line) => line.level !== 'info')
    expect(problems).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(
          new RegExp(
            `^switchboard could not start: cannot reach Kafka at ${broker} .*KAFKA_BROKERS`
          )
        ) as string,
      }),
    ])
  }, 90_000)
})
