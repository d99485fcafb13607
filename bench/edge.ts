/**
 * `npm run bench:edge`: the whole bridge under HTTP load on a real Kafka broker: webhooks/s, latency
 * percentiles (request → 202 after Kafka's acks = all) and memory, against a baseline Hono server
 * on the same machine in the same run that reads the body and answers 202 without verifying or
 * publishing. A script, never a test. Uses KAFKA_BROKERS when set, else starts a local broker.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createHmac, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { findFreePort } from '../scripts/kafka/free-port.ts'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { loadConfig } from '../src/config/config.ts'
import { silentLogger } from '../src/log.ts'
import { startService } from '../src/service.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64)
const secret = randomBytes(24).toString('hex')
const root = join(import.meta.dirname, '..')

// Distinct HelpCrunch chat.new events, each signed: enough that the run never repeats one.
const template = JSON.parse(
  readFileSync(join(root, 'fixtures/helpcrunch/chat.new/body.json'), 'utf8')
) as {
  id: string
  eventData: { chat_id: number }
}
const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'))
const requestsFile = join(dir, 'requests.jsonl')
let lines: string[] = []
for (let i = 0; i < 150_000; i++) {
  template.id = `bench-${i}-${randomBytes(4).toString('hex')}`
  template.eventData.chat_id = 1_000_000 + (i % 50_000)
  const body = JSON.stringify(template)
  const signature = createHmac('sha1', secret).update(body).digest('hex')
  lines.push(
    JSON.stringify({
      body,
      headers: { 'content-type': 'application/json', 'x-helpcrunch-signature': signature },
    })
  )
}
writeFileSync(requestsFile, `${lines.join('\n')}\n`)
lines = [] // the load generator reads the file; keep the server's memory figure clean

/**
 * Runs the load generator against `url` in its own process and returns its figures (asynchronously:
 * the servers under test share this process's event loop).
 */
async function load(url: string) {
  const job = JSON.stringify({ url, concurrency: CONCURRENCY, seconds: SECONDS, requestsFile })
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(import.meta.dirname, 'load.ts'), job],
    {
      maxBuffer: 1 << 20,
    }
  )
  return JSON.parse(stdout) as {
    requests: number
    statuses: Record<string, number>
    perSecond: number
    p50: number
    p90: number
    p99: number
    ranOut: boolean
  }
}

const envBrokers = process.env['KAFKA_BROKERS']
const local = envBrokers ? undefined : await startLocalKafka()
const brokers = envBrokers ? envBrokers.split(',') : local!.brokers

// Baseline: the same HTTP stack reading the body and answering 202, nothing else.
const baselineApp = new Hono().post('/', async (c) => {
  await c.req.arrayBuffer()
  return c.json({ status: 'accepted' }, 202)
})
const baselinePort = await findFreePort()
const baseline = serve({ fetch: baselineApp.fetch, port: baselinePort, hostname: '127.0.0.1' })

const suffix = randomBytes(4).toString('hex')
const service = await startService(
  loadConfig({
    HOST: '127.0.0.1',
    PORT: String(await findFreePort()),
    HELPCRUNCH_SIGNING_KEYS: secret,
    KAFKA_TOPIC_CONVERSATIONS: `bench.conversations.${suffix}`,
    KAFKA_TOPIC_CUSTOMERS: `bench.customers.${suffix}`,
    KAFKA_TOPIC_DEADLETTER: `bench.deadletter.${suffix}`,
    MAX_IN_FLIGHT_REQUESTS: String(CONCURRENCY * 2),
  }),
  brokers,
  silentLogger
)

const rssBefore = process.memoryUsage().rss
const base = await load(`http://127.0.0.1:${baselinePort}/`)
const bridge = await load(`${service.url}/webhooks/helpcrunch`)
const rssAfter = process.memoryUsage().rss

console.log(
  `node ${process.version}, ${CONCURRENCY} concurrent requests, ${SECONDS} s each, load generator in its own process`
)
console.log('server                          req/s     p50 ms   p90 ms   p99 ms   statuses')
for (const [name, r] of [
  ['baseline (read body, 202)', base],
  ['switchboard (verify→Kafka ack)', bridge],
] as const) {
  console.log(
    `${name.padEnd(31)} ${r.perSecond.toFixed(0).padStart(6)} ${r.p50.toFixed(1).padStart(9)} ${r.p90.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)}   ${JSON.stringify(r.statuses)}${r.ranOut ? ' (ran out of distinct events)' : ''}`
  )
}
console.log(`switchboard / baseline throughput: ${(bridge.perSecond / base.perSecond).toFixed(2)}×`)
console.log(
  `bridge process RSS: ${(rssBefore / 2 ** 20).toFixed(0)} MiB before load, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after`
)

await service.stop()
baseline.close()
await local?.stop()
