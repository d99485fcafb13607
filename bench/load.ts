/**
 * Load generator for bench/edge.ts, run as its own process so it does not share an event loop with
 * the server under test. Posts pre-signed bodies (one distinct vendor event each) with `concurrency`
 * requests in flight for `seconds`, and prints one JSON line: requests, statuses, rate, latencies.
 */
import { readFileSync } from 'node:fs'

interface Job {
  readonly url: string
  readonly concurrency: number
  readonly seconds: number
  /** File with one JSON object per line: `{ body, headers }`. */
  readonly requestsFile: string
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job
const requests = readFileSync(job.requestsFile, 'utf8')
  .trimEnd()
  .split('\n')
  .map((line) => JSON.parse(line) as { body: string; headers: Record<string, string> })

const latencies: number[] = []
const statuses: Record<string, number> = {}
let next = 0
const until = performance.now() + job.seconds * 1000

async function worker(): Promise<void> {
  while (performance.now() < until && next < requests.length) {
    const request = requests[next++]!
    const started = performance.now()
    const res = await fetch(job.url, {
      method: 'POST',
      body: request.body,
      headers: request.headers,
    })
    await res.arrayBuffer()
    latencies.push(performance.now() - started)
    statuses[res.status] = (statuses[res.status] ?? 0) + 1
  }
}

const started = performance.now()
await Promise.all(Array.from({ length: job.concurrency }, () => worker()))
const elapsed = (performance.now() - started) / 1000
latencies.sort((a, b) => a - b)
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN
console.log(
  JSON.stringify({
    requests: latencies.length,
    statuses,
    perSecond: latencies.length / elapsed,
    p50: pct(0.5),
    p90: pct(0.9),
    p99: pct(0.99),
    ranOut: next >= requests.length,
  })
)
