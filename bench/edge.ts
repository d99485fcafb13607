/**
 * `npm run bench:edge`: the whole bridge under HTTP load on a real Kafka broker: webhooks/s, latency
 * percentiles (request → 202 after Kafka's acks = all) and memory, against a baseline Hono server
 * on the same machine in the same run that reads the body and answers 202 without verifying or
 * publishing. The bridge runs as its own process, started as `npm start` starts it. A script, never
 * a test. Uses KAFKA_BROKERS when set, else starts a local broker.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { findFreePort } from '../scripts/kafka/free-port.ts'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { testBridgeEnv } from '../test/helpers/bridge.ts'
import { startBridge } from '../test/helpers/process.ts'
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

// The bridge as production runs it: its own process (npm start's command, no telemetry preload).
const { env } = await testBridgeEnv({
  HELPCRUNCH_SIGNING_KEYS: secret,
  MAX_IN_FLIGHT_REQUESTS: String(CONCURRENCY * 2),
  KAFKA_BROKERS: brokers.join(','),
})
const bridgeProcess = startBridge(env)
const bridgeUrl = `${await bridgeProcess.url()}/webhooks/helpcrunch`
/** Resident memory of a process, in MiB, from /proc. */
const rssOf = (pid: number | undefined) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid ?? 0}/status`, 'utf8'))?.[1] ?? NaN) / 1024

const rssBefore = rssOf(bridgeProcess.child.pid)
const base = await load(`http://127.0.0.1:${baselinePort}/`, requestsFile, CONCURRENCY, SECONDS)
const bridge = await load(bridgeUrl, requestsFile, CONCURRENCY, SECONDS)
const rssAfter = rssOf(bridgeProcess.child.pid)

console.log(
  `node ${process.version}, ${CONCURRENCY} concurrent requests, ${SECONDS} s each, load generator in its own process`
)
console.log(TABLE_HEADER)
console.log(formatRow('baseline (read body, 202)', base))
console.log(formatRow('switchboard (verify→Kafka ack)', bridge))
console.log(`switchboard / baseline throughput: ${(bridge.perSecond / base.perSecond).toFixed(2)}×`)
console.log(
  `bridge process RSS: ${rssBefore.toFixed(0)} MiB idle, ${rssAfter.toFixed(0)} MiB after the load`
)

bridgeProcess.child.kill('SIGTERM')
await bridgeProcess.exited
baseline.close()
await local?.stop()
