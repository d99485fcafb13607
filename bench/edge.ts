/**
 * `npm run bench:edge`: the whole bridge under HTTP load on a real Kafka broker: webhooks/s, latency
 * percentiles (request → 202 after Kafka's acks = all) and memory, against a baseline Hono server
 * on the same machine in the same run that reads the body and answers 202 without verifying or
 * publishing. A script, never a test. Uses KAFKA_BROKERS when set, else starts a local broker.
 */
import { randomBytes } from 'node:crypto'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { findFreePort } from '../scripts/kafka/free-port.ts'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { loadConfig } from '../src/config/config.ts'
import { silentLogger } from '../src/log.ts'
import { startService } from '../src/service.ts'
import { formatRow, load, TABLE_HEADER, writeSignedRequests } from './requests.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64)
const secret = randomBytes(24).toString('hex')
const requestsFile = writeSignedRequests(secret, 150_000)

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
const base = await load(`http://127.0.0.1:${baselinePort}/`, requestsFile, CONCURRENCY, SECONDS)
const bridge = await load(`${service.url}/webhooks/helpcrunch`, requestsFile, CONCURRENCY, SECONDS)
const rssAfter = process.memoryUsage().rss

console.log(
  `node ${process.version}, ${CONCURRENCY} concurrent requests, ${SECONDS} s each, load generator in its own process`
)
console.log(TABLE_HEADER)
console.log(formatRow('baseline (read body, 202)', base))
console.log(formatRow('switchboard (verify→Kafka ack)', bridge))
console.log(`switchboard / baseline throughput: ${(bridge.perSecond / base.perSecond).toFixed(2)}×`)
console.log(
  `bridge process RSS: ${(rssBefore / 2 ** 20).toFixed(0)} MiB before load, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after`
)

await service.stop()
baseline.close()
await local?.stop()
