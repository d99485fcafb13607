import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { rm } from 'node:fs/promises'
import type { Kafka } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { KAFKA_DATA_ROOT } from '../../scripts/kafka/paths.ts'
import { consume } from '../helpers/consume.ts'
import { dockerfileCommand } from '../helpers/dockerfile.ts'
import { listFixtureCases } from '../helpers/fixtures.ts'
import { kafkaBrokers, testKafka, uniqueName } from '../helpers/kafka.ts'
import { startBridge } from '../helpers/process.ts'
import { signFor, TEST_SECRET } from '../helpers/sign.ts'

const ROOT = join(import.meta.dirname, '..', '..')

const fixture = listFixtureCases().find(
  (f) => f.vendor === 'helpcrunch' && f.name === 'customer.new'
)!

/** Posts the fixture as a new event to the process listening at `url`. */
async function postCustomer(url: string, id: string) {
  const json = JSON.parse(fixture.body.toString()) as { id: string }
  json.id = id
  const body = Buffer.from(JSON.stringify(json))
  return fetch(`${url}/webhooks/helpcrunch`, {
    method: 'POST',
    body,
    headers: signFor('helpcrunch', body),
  })
}

/**
 * What every start of the bridge must do: answer 202 to customer `id`, put its record on `topic`
 * (read through `kafka`), and exit 0 on SIGTERM.
 */
async function expectServedThenStopped(
  app: ReturnType<typeof startBridge>,
  id: string,
  kafka: Kafka,
  topic: string
) {
  expect((await postCustomer(await app.url(), id)).status).toBe(202)
  const [record] = await consume(kafka, [topic], 1)
  expect(record?.headers['ce_id']).toBe(`helpcrunch:${id}`)
  app.child.kill('SIGTERM')
  expect(await app.exited).toBe(0)
}

/** A bridge on the test broker, its own topics (customers: `customers`), HelpCrunch verified. */
const testBrokerEnv = async (customers: string) => ({
  HOST: '127.0.0.1',
  PORT: String(await findFreePort()),
  KAFKA_BROKERS: kafkaBrokers().join(','),
  KAFKA_TOPIC_CONVERSATIONS: uniqueName('conversations'),
  KAFKA_TOPIC_CUSTOMERS: customers,
  KAFKA_TOPIC_DEADLETTER: uniqueName('deadletter'),
  KAFKA_TOPIC_DEDUP: uniqueName('dedup'),
  HELPCRUNCH_SIGNING_KEYS: TEST_SECRET,
})

describe('the bridge process (src/main.ts, and scripts/start-dev.ts for npm start)', () => {
  it('serves webhooks into the configured Kafka and exits 0 on SIGTERM after a graceful stop', async () => {
    const customers = uniqueName('customers')
    const app = startBridge(await testBrokerEnv(customers))
    await expectServedThenStopped(app, 'main-1', testKafka('main-reader'), customers)
    expect(app.lines.some((line) => line.includes('"stopped"'))).toBe(true)
  }, 120_000)

  it('runs as the image does: the Dockerfile’s command on the compiled JavaScript, with no TypeScript to strip', async () => {
    // The image's /app, built as its build stage builds it; inside the repository, so that Node
    // finds node_modules as it does in the image.
    const dir = join(ROOT, '.data', uniqueName('image-app'))
    const build = spawnSync(process.execPath, ['scripts/build-app.ts', '--out', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(build.status, build.stderr).toBe(0)
    const cmd = dockerfileCommand()
    expect(cmd[0]).toBe('node')
    const customers = uniqueName('customers')
    const app = startBridge(
      {
        ...(await testBrokerEnv(customers)),
        // The telemetry preload runs, exporting nowhere.
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
        // Node cannot load a .ts module at all now: one left in the image would fail the start.
        NODE_OPTIONS: '--no-experimental-strip-types',
      },
      { image: { args: cmd.slice(1), cwd: dir } }
    )
    try {
      await expectServedThenStopped(app, 'image-1', testKafka('image-reader'), customers)
    } finally {
      app.child.kill('SIGKILL')
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)

  it('starts its own local Kafka when KAFKA_BROKERS is unset, and stops it on exit', async () => {
    const port = await findFreePort()
    const dataDir = join(KAFKA_DATA_ROOT, uniqueName('main-local'))
    const app = startBridge(
      {
        HOST: '127.0.0.1',
        PORT: String(await findFreePort()),
        LOCAL_KAFKA_PORT: String(port),
        LOCAL_KAFKA_DATA_DIR: dataDir,
        HELPCRUNCH_SIGNING_KEYS: TEST_SECRET,
      },
      { entry: 'development' }
    )
    try {
      await app.waitFor(/starting a local single-node Kafka/)
      await expectServedThenStopped(
        app,
        'main-local-1',
        testKafka('main-local-reader', [`127.0.0.1:${port}`]),
        'switchboard.customers.v1'
      )
    } finally {
      app.child.kill('SIGKILL')
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 150_000)

  it('exits 1 with one clear line when npm start has no Java for its local Kafka', async () => {
    const app = startBridge(
      {
        HOST: '127.0.0.1',
        PORT: String(await findFreePort()),
        LOCAL_KAFKA_PORT: String(await findFreePort()),
        LOCAL_KAFKA_DATA_DIR: join(KAFKA_DATA_ROOT, uniqueName('main-no-java')),
        JAVA_HOME: '/nonexistent-java-home',
      },
      { entry: 'development' }
    )
    expect(await app.exited).toBe(1)
    expect(app.lines.at(-1)).toBe(
      'switchboard: cannot start a local Kafka: no java in JAVA_HOME=/nonexistent-java-home (install Java 17 or set JAVA_HOME, or set KAFKA_BROKERS to use a running Kafka)'
    )
    // Before it, only the line that says a local Kafka is being started.
    expect(app.lines).toHaveLength(2)
  })

  it('exits 2 with one clear line when the container entry has no KAFKA_BROKERS', async () => {
    const app = startBridge({ HELPCRUNCH_SIGNING_KEYS: TEST_SECRET })
    expect(await app.exited).toBe(2)
    expect(app.lines).toEqual([
      expect.stringMatching(/^switchboard: KAFKA_BROKERS is not set: name the Kafka brokers/),
    ])
  })

  it('exits 2 with a clear message for bad configuration', async () => {
    const app = startBridge({ PORT: 'eighty', KAFKA_CONTENT_MODE: 'xml' })
    expect(await app.exited).toBe(2)
    const output = app.lines.join('\n')
    expect(output).toMatch(/PORT/)
    expect(output).toMatch(/KAFKA_CONTENT_MODE/)
  })
})
