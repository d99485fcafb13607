/**
 * `npm run soak`: the bridge's memory over a long run. Starts a throwaway local broker and the
 * bridge as its own process (as `npm start` runs it, telemetry preloaded with no exporter, default
 * de-dup window), then drives `SOAK_WEBHOOKS` (default 1,000,000) unique signed webhooks (Plain and
 * HelpCrunch alternating) through the Go driver on `SOAK_CONNECTIONS` (64) keep-alive connections,
 * retried as the vendors retry. Samples the bridge's RSS (VmRSS, VmHWM) and CPU time from /proc
 * every `SOAK_SAMPLE_SECONDS` (2 s). Reports RSS at start, every 100k webhooks and at the end, the
 * peak, CPU ms per webhook and PASS/FAIL against `SOAK_RSS_BUDGET_MIB` (256, judged on the peak);
 * heap from `/metrics` when it is exported there, and the V8 heap at each checkpoint from a Node
 * diagnostic report (the bridge runs with `--report-on-signal`, SIGUSR2, environment excluded).
 * Prints a markdown summary and writes bench/results/soak.json; exits 1 on FAIL or when not every
 * webhook was acknowledged. `SOAK_NODE_ARGS` adds Node options to the bridge (to try a V8 setting).
 * A script, never a test.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { findFreePort } from '../scripts/kafka/free-port.ts'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { httpGet, productionCommand, startBridgeProcess, waitReady } from './lib/bridge.ts'
import { benchKafka, recordCount } from './lib/kafka.ts'
import { buildLoadgen, startLoadgen, type LoadResult } from './lib/loadgen.ts'
import { coreCount, cpuMsOf, memoryOf } from './lib/process.ts'
import { fmt, markdownTable, workDir, writeResult } from './lib/report.ts'

const intEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}
const WEBHOOKS = intEnv('SOAK_WEBHOOKS', 1_000_000)
const CONNECTIONS = intEnv('SOAK_CONNECTIONS', 64)
const SAMPLE_MS = intEnv('SOAK_SAMPLE_SECONDS', 2) * 1000
const BUDGET_MIB = intEnv('SOAK_RSS_BUDGET_MIB', 256)
/** Hard stop of the load (the run is bounded even if the bridge stalls). */
const MAX_SECONDS = intEnv('SOAK_MAX_SECONDS', 3600)
const CHECKPOINT_EVERY = Math.min(100_000, WEBHOOKS)
/** Extra Node options for the bridge, space-separated (e.g. `--max-semi-space-size=8`), to try a memory setting. */
const NODE_ARGS = (process.env['SOAK_NODE_ARGS'] ?? '').split(' ').filter(Boolean)
/** The bridge's command line, as run here (without the diagnostic-report flags). */
const BRIDGE_COMMAND = ['node', ...NODE_ARGS, ...productionCommand().slice(1)].join(' ')

const log = (line: string) => {
  console.error(`[soak] ${line}`)
}

/** One /proc sample of the bridge. */
interface Sample {
  readonly elapsedS: number
  readonly acknowledged: number
  readonly rssMiB: number
  readonly hwmMiB: number
  readonly cpuMs: number
  /** V8 heap at the checkpoints, from a Node diagnostic report. */
  readonly heap?: HeapFigures
}

/** V8 heap figures of a diagnostic report, in MiB. */
interface HeapFigures {
  readonly usedMiB: number
  readonly totalMiB: number
  readonly externalMiB: number
}

/**
 * The bridge's V8 heap without touching its code: Node writes a diagnostic report (`--report-on-
 * signal`, environment and network excluded) on SIGUSR2; read its `javascriptHeap` and delete it.
 */
async function heapOf(pid: number, dir: string): Promise<HeapFigures | undefined> {
  const before = new Set(readdirSync(dir))
  process.kill(pid, 'SIGUSR2')
  for (let i = 0; i < 100; i++) {
    await sleep(50)
    const file = readdirSync(dir).find((name) => !before.has(name) && name.endsWith('.json'))
    if (file === undefined) continue
    const path = join(dir, file)
    try {
      const report = JSON.parse(readFileSync(path, 'utf8')) as {
        javascriptHeap: { usedMemory: number; totalMemory: number; externalMemory: number }
      }
      rmSync(path, { force: true })
      const mib = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1))
      return {
        usedMiB: mib(report.javascriptHeap.usedMemory),
        totalMiB: mib(report.javascriptHeap.totalMemory),
        externalMiB: mib(report.javascriptHeap.externalMemory),
      }
    } catch {
      // still being written
    }
  }
  return undefined
}

/** Heap-related series of `GET /metrics`, when the bridge exports any (it may not). */
function heapSeries(metrics: string | undefined): Record<string, number> | undefined {
  if (metrics === undefined) return undefined
  const found: Record<string, number> = {}
  for (const line of metrics.split('\n')) {
    if (line.startsWith('#')) continue
    const match = /^([A-Za-z_:][\w:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line)
    if (match && /heap/i.test(match[1]!)) found[match[1]!] = Number(match[2])
  }
  return Object.keys(found).length > 0 ? found : undefined
}

const dir = workDir('soak')
rmSync(join(dir, 'bridge.log'), { force: true })
const reportDir = join(dir, 'reports')
rmSync(reportDir, { recursive: true, force: true })
mkdirSync(reportDir, { recursive: true })
await buildLoadgen()
const secret = randomBytes(24).toString('hex')
const kafka = await startLocalKafka({ log })
const runId = randomBytes(4).toString('hex')
const topics = {
  conversations: `soak-conversations-${runId}`,
  customers: `soak-customers-${runId}`,
  deadLetter: `soak-deadletter-${runId}`,
}
const bridge = startBridgeProcess({
  port: await findFreePort(),
  adminPort: await findFreePort(),
  brokers: kafka.brokers,
  topics,
  secret,
  logFile: join(dir, 'bridge.log'),
  nodeArgs: [
    ...NODE_ARGS,
    '--report-on-signal',
    '--report-signal=SIGUSR2',
    `--report-directory=${reportDir}`,
    '--report-compact',
    '--report-exclude-env',
    '--report-exclude-network',
  ],
})

let exitCode = 0
try {
  const readyMs = await waitReady(bridge.adminUrl, 90_000, () => !bridge.alive())
  if (readyMs === undefined) {
    throw new Error(`the bridge did not become ready (${join(dir, 'bridge.log')})`)
  }
  log(`bridge pid ${bridge.pid} ready in ${readyMs} ms; driving ${WEBHOOKS} webhooks`)

  const started = performance.now()
  const elapsedS = () => (performance.now() - started) / 1000
  const sample = (acknowledged: number): Sample => ({
    elapsedS: Number(elapsedS().toFixed(1)),
    acknowledged,
    ...memoryOf(bridge.pid),
    cpuMs: cpuMsOf(bridge.pid),
  })
  const withHeap = async (point: Sample): Promise<Sample> => {
    const heap = await heapOf(bridge.pid, reportDir)
    return heap ? { ...point, heap } : point
  }
  const first = await withHeap(sample(0))
  const samples: Sample[] = [first]
  const checkpoints: Sample[] = [first]
  let acknowledged = 0
  let nextCheckpoint = CHECKPOINT_EVERY
  const pendingHeaps: Promise<void>[] = []
  const sampler = setInterval(() => {
    samples.push(sample(acknowledged))
  }, SAMPLE_MS)

  const load = startLoadgen(
    [
      '-url',
      bridge.webhookUrl,
      '-secret',
      secret,
      '-vendor',
      'mixed',
      '-connections',
      String(CONNECTIONS),
      '-requests',
      String(WEBHOOKS),
      '-attempts',
      '6',
      '-backoff',
      '1s',
      '-backoff-max',
      '8s',
      '-timeout',
      '30s',
      '-max-wall',
      `${MAX_SECONDS}s`,
      '-progress',
      '1s',
    ],
    (progress) => {
      acknowledged = progress.acknowledged
      while (acknowledged >= nextCheckpoint && nextCheckpoint <= WEBHOOKS) {
        const point = sample(acknowledged)
        const index = checkpoints.push(point) - 1
        log(
          `${acknowledged} acknowledged after ${fmt(point.elapsedS)} s: RSS ${fmt(point.rssMiB)} MiB, peak ${fmt(point.hwmMiB)} MiB`
        )
        pendingHeaps.push(
          withHeap(point).then((withIt) => {
            checkpoints[index] = withIt
          })
        )
        nextCheckpoint += CHECKPOINT_EVERY
      }
    }
  )
  let result: LoadResult
  try {
    result = await load.result
  } finally {
    clearInterval(sampler)
  }
  await Promise.all(pendingHeaps)
  const last = await withHeap(sample(result.acknowledged))
  samples.push(last)
  checkpoints.push(last)
  const metrics = await httpGet(`${bridge.adminUrl}/metrics`, 5000)
  const heap = heapSeries(metrics?.status === 200 ? metrics.body : undefined)
  const published = await recordCount(benchKafka(kafka.brokers), [
    topics.conversations,
    topics.customers,
  ])

  const peakMiB = Math.max(...samples.map((s) => s.hwmMiB).filter(Number.isFinite))
  const accepted = result.outcomes['accepted'] ?? 0
  const cpuMsPerWebhook = (last.cpuMs - first.cpuMs) / Math.max(1, result.acknowledged)
  const pass = peakMiB <= BUDGET_MIB
  const cores = coreCount()
  const report = {
    when: new Date().toISOString(),
    node: process.version,
    cores,
    webhooksRequested: WEBHOOKS,
    connections: CONNECTIONS,
    bridgeCommand: BRIDGE_COMMAND,
    webhooksAccepted: accepted,
    webhooksAcknowledged: result.acknowledged,
    recordsOnKafka: published,
    elapsedSeconds: result.elapsed_s,
    acknowledgedPerSecond: result.acknowledged_per_s,
    latencyMs: result.latency_ms,
    answers: result.answers,
    outcomes: result.outcomes,
    undocumented: result.undocumented,
    hung: result.hung,
    transportErrors: result.transport_errors,
    rssMiB: {
      start: first.rssMiB,
      end: last.rssMiB,
      peak: peakMiB,
      budget: BUDGET_MIB,
    },
    verdict: pass ? 'PASS' : 'FAIL',
    cpuMsPerWebhook,
    heapFromMetrics: heap ?? 'not exported by /metrics',
    heapMiB: { start: first.heap, end: last.heap },
    checkpoints,
    samples,
    undocumentedSamples: result.undocumented_samples ?? [],
  }
  const file = writeResult('soak.json', report)

  console.log(`## Soak: ${WEBHOOKS.toLocaleString('en')} unique webhooks\n`)
  console.log(
    `node ${process.version}, nproc ${cores}, ${CONNECTIONS} keep-alive connections (Go driver), default de-dup window; bridge pid ${bridge.pid}: \`${BRIDGE_COMMAND}\` (+ diagnostic-report flags)\n`
  )
  console.log(
    markdownTable(
      ['', 'value'],
      [
        ['webhooks accepted (202)', accepted.toLocaleString('en')],
        ['acknowledged (202 accepted + 200 duplicate)', result.acknowledged.toLocaleString('en')],
        ['records on Kafka', published.toLocaleString('en')],
        ['throughput', `${fmt(result.acknowledged_per_s, 0)} webhooks/s`],
        [
          'latency p50 / p90 / p99 / max',
          `${fmt(result.latency_ms.p50)} / ${fmt(result.latency_ms.p90)} / ${fmt(result.latency_ms.p99)} / ${fmt(result.latency_ms.max)} ms`,
        ],
        ['answers', JSON.stringify(result.answers)],
        ['undocumented answers / hung', `${result.undocumented} / ${result.hung}`],
        ['RSS start → end', `${fmt(first.rssMiB)} → ${fmt(last.rssMiB)} MiB`],
        ['peak RSS (VmHWM)', `${fmt(peakMiB)} MiB`],
        ['CPU per webhook', `${fmt(cpuMsPerWebhook, 3)} ms`],
        [
          'heap (from /metrics)',
          heap ? JSON.stringify(heap) : 'not exported (no process/runtime metrics)',
        ],
        [
          'V8 heap used / total, start → end (diagnostic report)',
          `${fmt(first.heap?.usedMiB)} / ${fmt(first.heap?.totalMiB)} → ${fmt(last.heap?.usedMiB)} / ${fmt(last.heap?.totalMiB)} MiB`,
        ],
        [`RSS ≤ ${BUDGET_MIB} MiB`, pass ? '**PASS**' : '**FAIL**'],
      ]
    )
  )
  console.log('\nRSS by webhooks acknowledged:\n')
  console.log(
    markdownTable(
      ['acknowledged', 'elapsed', 'RSS MiB', 'peak MiB', 'V8 heap used / total MiB', 'CPU s'],
      checkpoints.map((c) => [
        c.acknowledged.toLocaleString('en'),
        `${fmt(c.elapsedS)} s`,
        fmt(c.rssMiB),
        fmt(c.hwmMiB),
        c.heap ? `${fmt(c.heap.usedMiB)} / ${fmt(c.heap.totalMiB)}` : '–',
        fmt(c.cpuMs / 1000),
      ])
    )
  )
  console.log(`\nwritten to ${file}`)
  if (!pass) exitCode = 1
  if (result.acknowledged < WEBHOOKS) {
    log(`only ${result.acknowledged} of ${WEBHOOKS} webhooks were acknowledged`)
    exitCode = 1
  }
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  bridge.kill('SIGTERM')
  const timer = setTimeout(() => {
    bridge.kill('SIGKILL')
  }, 20_000)
  await bridge.exited
  clearTimeout(timer)
  await kafka.stop()
}
process.exit(exitCode)
