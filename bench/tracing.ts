/**
 * `npm run bench:tracing`: what tracing costs. Two bridge processes started as `npm start` starts
 * them, on one real broker: one without the OpenTelemetry preload, one with it (always-on sampler,
 * OTLP/HTTP export of spans and metrics to a local sink that accepts and discards). The same load
 * runs against each, alternating off, on, off, on, in one run on one machine; the figure is the
 * ratio. A script, never a test.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { findFreePort } from '../scripts/kafka/free-port.ts'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { startBridge } from '../test/helpers/process.ts'
import { formatRow, load, TABLE_HEADER, writeSignedRequests, type LoadResult } from './requests.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64)
const secret = randomBytes(24).toString('hex')
const rounds = [writeSignedRequests(secret, 120_000), writeSignedRequests(secret, 120_000)]

// The OTLP sink: accepts and discards, counting what arrives (proof that export really ran).
let exports = 0
let exportedBytes = 0
const sink = createServer((req, res) => {
  req.on('data', (chunk: Buffer) => (exportedBytes += chunk.length))
  req.on('end', () => {
    exports++
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end()
  })
})
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve))
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`

const local = process.env['KAFKA_BROKERS'] ? undefined : await startLocalKafka()
const brokers = process.env['KAFKA_BROKERS'] ?? local!.brokers.join(',')
const suffix = randomBytes(4).toString('hex')
const bridgeEnv = async (name: string, extra: Record<string, string>) => ({
  HOST: '127.0.0.1',
  PORT: String(await findFreePort()),
  KAFKA_BROKERS: brokers,
  KAFKA_TOPIC_CONVERSATIONS: `bench.${name}.conversations.${suffix}`,
  KAFKA_TOPIC_CUSTOMERS: `bench.${name}.customers.${suffix}`,
  KAFKA_TOPIC_DEADLETTER: `bench.${name}.deadletter.${suffix}`,
  KAFKA_TOPIC_DEDUP: `bench.${name}.dedup.${suffix}`,
  HELPCRUNCH_SIGNING_KEYS: secret,
  MAX_IN_FLIGHT_REQUESTS: String(CONCURRENCY * 2),
  ...extra,
})
const off = startBridge(await bridgeEnv('off', {}))
const on = startBridge(
  await bridgeEnv('on', {
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_METRIC_EXPORT_INTERVAL: '5000',
  }),
  { preload: true }
)
const urls = {
  off: `${await off.url()}/webhooks/helpcrunch`,
  on: `${await on.url()}/webhooks/helpcrunch`,
}

const results: Record<'off' | 'on', LoadResult[]> = { off: [], on: [] }
for (const requests of rounds) {
  for (const mode of ['off', 'on'] as const)
    results[mode].push(await load(urls[mode], requests, CONCURRENCY, SECONDS))
}

console.log(
  `node ${process.version}, ${CONCURRENCY} concurrent requests, ${SECONDS} s per run, off/on alternating twice`
)
console.log(TABLE_HEADER)
for (const [i] of rounds.entries()) {
  console.log(formatRow(`tracing off (round ${i + 1})`, results.off[i]!))
  console.log(formatRow(`tracing on, always_on (round ${i + 1})`, results.on[i]!))
}
const mean = (runs: LoadResult[]) => runs.reduce((sum, r) => sum + r.perSecond, 0) / runs.length
const ratio = mean(results.on) / mean(results.off)
console.log(
  `throughput with tracing / without: ${ratio.toFixed(3)}× (cost ${((1 - ratio) * 100).toFixed(1)} %)`
)
console.log(
  `OTLP sink received ${exports} export requests, ${(exportedBytes / 2 ** 20).toFixed(1)} MiB`
)

for (const bridge of [off, on]) bridge.child.kill('SIGTERM')
await Promise.all([off.exited, on.exited])
sink.close()
await local?.stop()
