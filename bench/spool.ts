/**
 * `node bench/spool.ts`: durable append throughput of the spool (src/spool/) on this machine's
 * disk: `BENCH_CONCURRENCY` (64) loops each appending `BENCH_PAYLOAD_BYTES` (2 KiB) payloads for
 * `BENCH_SECONDS` (5), in a temp dir under `BENCH_SPOOL_DIR` or the OS temp dir. Reports appends
 * per second, append latency, fsyncs and appends per fsync (group commit at work), then one loop
 * alone (one fsync per append, the floor) and the drain rate (peek + release). A script, never a test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Spool } from '../src/spool/index.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5)
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64)
const PAYLOAD_BYTES = Number(process.env['BENCH_PAYLOAD_BYTES'] ?? 2048)
const root = process.env['BENCH_SPOOL_DIR'] ?? tmpdir()

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN

async function appendFor(spool: Spool, loops: number, seconds: number) {
  const payload = Buffer.alloc(PAYLOAD_BYTES, 'x')
  const latencies: number[] = []
  const fsyncsBefore = spool.fsyncs
  const started = performance.now()
  const deadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now()
        await spool.append(payload)
        latencies.push(performance.now() - t)
      }
    })
  )
  const elapsed = (performance.now() - started) / 1000
  const fsyncs = spool.fsyncs - fsyncsBefore
  latencies.sort((a, b) => a - b)
  return {
    loops,
    appends: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    mibPerSecond: +((latencies.length * PAYLOAD_BYTES) / elapsed / 2 ** 20).toFixed(1),
    fsyncs,
    appendsPerFsync: +(latencies.length / fsyncs).toFixed(1),
    p50Ms: +quantile(latencies, 0.5).toFixed(2),
    p99Ms: +quantile(latencies, 0.99).toFixed(2),
  }
}

async function drain(spool: Spool) {
  const started = performance.now()
  let entries = 0
  for (;;) {
    const batch = await spool.peek(500)
    const last = batch.at(-1)
    if (last === undefined) break
    await spool.release(last.seq)
    entries += batch.length
  }
  const elapsed = (performance.now() - started) / 1000
  return { entries, perSecond: Math.round(entries / elapsed) }
}

const dir = mkdtempSync(join(root, 'switchboard-spool-bench-'))
try {
  const spool = await Spool.open({ dir, maxBytes: 8 * 2 ** 30 })
  await appendFor(spool, CONCURRENCY, 0.5) // warm-up: JIT, first segment files
  console.log(`spool in ${dir}, ${PAYLOAD_BYTES}-byte payloads, ${SECONDS} s per run`)
  console.table([
    await appendFor(spool, CONCURRENCY, SECONDS),
    await appendFor(spool, 1, Math.min(SECONDS, 2)),
  ])
  console.log('drain (peek 500 + release):', await drain(spool))
  await spool.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
