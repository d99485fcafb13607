/**
 * `npm run bench`: the per-webhook cost of Switchboard next to what the same stack costs without
 * it, in one run on one machine against one local single-node broker (KRaft, acks = all). Servers
 * (bench/servers): a ceiling (Hono answering 202), a transport floor (Hono + one batched kafkajs
 * record shaped like a Switchboard event, no checks), a naive bridge (HMAC + one awaited idempotent
 * send), Switchboard as production runs it (telemetry on) and with `OTEL_SDK_DISABLED=true`.
 * Load (bench/loadgen, Go): unique signed Plain webhooks, closed loop at 16, 64 and 256 keep-alive
 * connections, then an open loop at half of that server's best closed-loop rate of the round.
 * Servers are interleaved within each point of a round (their order rotates per round); figures
 * are medians over the rounds. Per server and point: webhooks/s (2xx per second), p50/p99/max,
 * CPU ms per 2xx (utime + stime of the server's process tree from /proc over the load window),
 * non-2xx answers, and records landed on the server's own topics against the records its 2xx
 * answers claim (a shortfall fails the run, exit 1); peak RSS (VmHWM) over the whole run.
 * Writes bench/results/bench.{json,md,svg} and prints the markdown. A script, never a test.
 *
 * Flags (or environment): `--servers a,b` (BENCH_SERVERS; names in bench/servers/index.ts),
 * `--rounds N` (BENCH_ROUNDS, 3), `--seconds S` per load point (BENCH_SECONDS, 10),
 * `--connections 16,64,256` (BENCH_CONNECTIONS), `--vendor plain|mixed` (BENCH_VENDOR, plain),
 * `--quick` (BENCH_QUICK=1: one round, 5 s, 64 connections + the open loop).
 */
import { randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { productionCommandSource, productionEnv } from './lib/bridge.ts'
import { benchKafka, recordCount } from './lib/kafka.ts'
import { buildLoadgen, startLoadgen, type LoadResult } from './lib/loadgen.ts'
import { clockTicksPerSecond, coreCount, cpuModel, treeCpuMs, treeMemory } from './lib/process.ts'
import { fmt, markdownTable, median, workDir, writeResult, writeResultText } from './lib/report.ts'
import { barChartSvg } from './lib/svg.ts'
import { SERVERS, startServer, type RunningServer, type ServerSpec } from './servers/index.ts'

// --- options ---------------------------------------------------------------------------------

const { values: flags } = parseArgs({
  options: {
    servers: { type: 'string' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    vendor: { type: 'string' },
    quick: { type: 'boolean' },
  },
})
const env = process.env
const quick = flags.quick ?? ['1', 'true'].includes(env['BENCH_QUICK'] ?? '')
const positive = (name: string, text: string | undefined, fallback: number) => {
  const value = Number(text ?? fallback)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}
const ROUNDS = Math.round(positive('--rounds', flags.rounds ?? env['BENCH_ROUNDS'], quick ? 1 : 3))
const SECONDS = positive('--seconds', flags.seconds ?? env['BENCH_SECONDS'], quick ? 5 : 10)
const CONNECTIONS = (flags.connections ?? env['BENCH_CONNECTIONS'] ?? (quick ? '64' : '16,64,256'))
  .split(',')
  .map((c) => Math.round(positive('--connections', c, 64)))
const VENDOR = flags.vendor ?? env['BENCH_VENDOR'] ?? 'plain'
if (!['plain', 'mixed'].includes(VENDOR)) throw new Error('--vendor must be plain or mixed')
const serverNames = (flags.servers ?? env['BENCH_SERVERS'])?.split(',').filter(Boolean)
const SPECS: ServerSpec[] = serverNames
  ? serverNames.map((name) => {
      const spec = SERVERS.find((s) => s.name === name)
      if (!spec) {
        throw new Error(`unknown server ${name}; known: ${SERVERS.map((s) => s.name).join(', ')}`)
      }
      return spec
    })
  : SERVERS.filter((s) => s.byDefault)
/** Unrecorded load per server before round 1 (JIT, connections, topic metadata). */
const WARMUP_SECONDS = quick ? 2 : 3
/** In-flight cap of the open loop (a slot that finds it full is counted as skipped). */
const OPEN_LOOP_MAX_IN_FLIGHT = 512
/** The connection count of the ratios and of the CPU goal. */
const REFERENCE_CONNECTIONS = 64
const GOALS = { cpuMsPer2xx: 0.15, p99AtHalfMaxMs: 50, peakRssMiB: 200 }

const log = (line: string) => {
  console.error(`[bench] ${line}`)
}

// --- one load point --------------------------------------------------------------------------

/** A load point: closed loop at some connections, or open loop at half the best closed rate. */
type Point = { readonly mode: 'closed'; readonly connections: number } | { readonly mode: 'open' }
const pointKey = (p: Point) => (p.mode === 'closed' ? `closed-${p.connections}` : 'open-half-max')
const pointLabel = (p: Point) =>
  p.mode === 'closed' ? `${p.connections} conns` : 'open, ½ max rate'

/** What one server did at one load point in one round. */
interface Measurement {
  readonly server: string
  readonly round: number
  readonly point: string
  /** Open loop: the rate asked for (new webhooks/s). */
  readonly rate?: number
  readonly elapsedS: number
  readonly twoXX: number
  readonly webhooksPerS: number
  readonly latencyMs: { p50: number; p99: number; max: number }
  readonly cpuMs: number
  readonly cpuMsPer2xx: number
  /** Answers that were not 2xx, by status (`hung`, `transport_error` without one). */
  readonly non2xx: Record<string, number>
  /** Open loop: slots dropped because OPEN_LOOP_MAX_IN_FLIGHT requests were in flight. */
  readonly skipped: number
  /** Records the 2xx answers claim (ids of 202 accepted, at least one per 2xx); 0 for the ceiling. */
  readonly expected: number
  /** Records that appeared on the server's topics during the point. */
  readonly landed: number
  readonly load: LoadResult
}

const sumOf = (record: Record<string, number>, keep: (status: string) => boolean) =>
  Object.entries(record)
    .filter(([status]) => keep(status))
    .reduce((sum, [, n]) => sum + n, 0)
const is2xx = (status: string) => /^2\d\d$/.test(status)

async function measure(
  server: RunningServer,
  point: Point,
  round: number,
  seconds: number,
  rate?: number
): Promise<Measurement> {
  const kafka = benchKafka(brokers)
  const before = server.topics.length > 0 ? await recordCount(kafka, server.topics, true) : 0
  const args = [
    ['-url', server.url],
    ['-secret', secret],
    ['-vendor', VENDOR],
    ['-duration', `${seconds}s`],
    ['-attempts', '1'],
    ['-timeout', '30s'],
    ...(point.mode === 'closed'
      ? [
          ['-mode', 'closed'],
          ['-connections', String(point.connections)],
        ]
      : [
          ['-mode', 'open'],
          ['-rate', String(rate)],
          ['-connections', String(OPEN_LOOP_MAX_IN_FLIGHT)],
        ]),
  ].flat()
  const cpuBefore = treeCpuMs(server.process.pid)
  const load = await startLoadgen(args).result
  const cpuMs = treeCpuMs(server.process.pid) - cpuBefore
  const after = server.topics.length > 0 ? await recordCount(kafka, server.topics, true) : 0
  const twoXX = sumOf(load.statuses, is2xx)
  return {
    server: server.spec.name,
    round,
    point: pointKey(point),
    ...(rate !== undefined && { rate }),
    elapsedS: load.elapsed_s,
    twoXX,
    webhooksPerS: twoXX / load.elapsed_s,
    latencyMs: { p50: load.latency_ms.p50, p99: load.latency_ms.p99, max: load.latency_ms.max },
    cpuMs,
    cpuMsPer2xx: cpuMs / Math.max(1, twoXX),
    non2xx: Object.fromEntries(Object.entries(load.statuses).filter(([s]) => !is2xx(s))),
    skipped: load.skipped ?? 0,
    expected: server.topics.length > 0 ? Math.max(load.accepted_ids ?? 0, twoXX) : 0,
    landed: after - before,
    load,
  }
}

// --- the run ---------------------------------------------------------------------------------

const dir = workDir('bench')
for (const spec of SPECS) rmSync(join(dir, `${spec.name}.log`), { force: true })
const startedAt = new Date()
const wallStart = performance.now()
await buildLoadgen()
const secret = randomBytes(24).toString('hex')
const runId = randomBytes(4).toString('hex')
const broker = await startLocalKafka({ log })
const brokers = broker.brokers
const points: Point[] = [
  ...CONNECTIONS.map((connections) => ({ mode: 'closed' as const, connections })),
  { mode: 'open' },
]
log(
  `${SPECS.map((s) => s.name).join(', ')}; ${ROUNDS} round(s) × ${points.length} points × ${SECONDS} s`
)

const running: RunningServer[] = []
const measurements: Measurement[] = []
const warmups: Measurement[] = []
const idleRss = new Map<string, number>()
const peakRss = new Map<string, number>()
let exitCode = 0
try {
  for (const spec of SPECS) {
    const server = await startServer(spec, {
      brokers,
      kafka: benchKafka(brokers),
      secret,
      runId,
      logDir: dir,
    })
    running.push(server)
    idleRss.set(spec.name, treeMemory(server.process.pid).rssMiB)
    log(`${spec.name} ready (pid ${server.process.pid}): ${server.command}`)
  }
  for (const server of running) {
    const warm = { mode: 'closed', connections: REFERENCE_CONNECTIONS } as const
    warmups.push(await measure(server, warm, 0, WARMUP_SECONDS))
  }
  for (let round = 1; round <= ROUNDS; round++) {
    // Rotate the order so that no server always runs first (or right after the broker's busiest).
    const order = running.map((_, i) => running[(i + round - 1) % running.length]!)
    for (const point of points) {
      for (const server of order) {
        let rate: number | undefined
        if (point.mode === 'open') {
          const best = Math.max(
            0,
            ...measurements
              .filter(
                (m) =>
                  m.server === server.spec.name && m.round === round && m.point.startsWith('closed')
              )
              .map((m) => m.webhooksPerS)
          )
          rate = Math.max(1, Math.round(best / 2))
        }
        const m = await measure(server, point, round, SECONDS, rate)
        measurements.push(m)
        log(
          `round ${round} ${pointLabel(point)} ${server.spec.name}: ${fmt(m.webhooksPerS, 0)}/s, p99 ${fmt(m.latencyMs.p99)} ms, ${fmt(m.cpuMsPer2xx, 3)} CPU ms/2xx, landed ${m.landed}/${m.expected}`
        )
      }
    }
  }
  for (const server of running) peakRss.set(server.spec.name, treeMemory(server.process.pid).hwmMiB)
  // Every record the server ever claimed, warm-up included, against its topics' totals.
  const totals = await Promise.all(
    running.map(async (server) => {
      const all = [...warmups, ...measurements].filter((m) => m.server === server.spec.name)
      return {
        server: server.spec.name,
        expected: all.reduce((sum, m) => sum + m.expected, 0),
        landed:
          server.topics.length > 0
            ? await recordCount(benchKafka(brokers), server.topics, true)
            : 0,
        checked: server.topics.length > 0,
      }
    })
  )
  exitCode = report(totals)
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  await Promise.all(running.map((server) => server.stop()))
  await broker.stop()
}
process.exit(exitCode)

// --- the report ------------------------------------------------------------------------------

/** Writes bench.{json,md,svg}, prints the markdown; returns the exit code (1 on a shortfall). */
function report(totals: { server: string; expected: number; landed: number; checked: boolean }[]) {
  const rowsOf = (server: string, point: string) =>
    measurements.filter((m) => m.server === server && m.point === point)
  const summary = SPECS.map((spec) => ({
    server: spec.name,
    label: spec.label,
    kind: spec.kind,
    env: spec.env ?? {},
    command: running.find((r) => r.spec.name === spec.name)?.command,
    idleRssMiB: idleRss.get(spec.name),
    peakRssMiB: peakRss.get(spec.name),
    points: Object.fromEntries(
      points.map((point) => {
        const rows = rowsOf(spec.name, pointKey(point))
        const non2xx: Record<string, number> = {}
        for (const row of rows) {
          for (const [status, n] of Object.entries(row.non2xx)) {
            non2xx[status] = (non2xx[status] ?? 0) + n
          }
        }
        return [
          pointKey(point),
          {
            rounds: rows.length,
            rate: median(rows.map((r) => r.rate ?? NaN)),
            webhooksPerS: median(rows.map((r) => r.webhooksPerS)),
            cpuMsPer2xx: median(rows.map((r) => r.cpuMsPer2xx)),
            p50Ms: median(rows.map((r) => r.latencyMs.p50)),
            p99Ms: median(rows.map((r) => r.latencyMs.p99)),
            maxMs: median(rows.map((r) => r.latencyMs.max)),
            worstMaxMs: Math.max(...rows.map((r) => r.latencyMs.max)),
            non2xx,
            skipped: rows.reduce((sum, r) => sum + r.skipped, 0),
            expected: rows.reduce((sum, r) => sum + r.expected, 0),
            landed: rows.reduce((sum, r) => sum + r.landed, 0),
          },
        ]
      })
    ),
  }))
  type Summary = (typeof summary)[number]
  const at = (s: Summary | undefined, point: string) => s?.points[point]
  const byName = (name: string) => summary.find((s) => s.server === name)

  // Records landed: per point (deltas) and over the whole run (totals); a shortfall is a failure.
  const shortfalls = [
    ...measurements
      .filter((m) => m.landed < m.expected)
      .map((m) => `${m.server} round ${m.round} ${m.point}: ${m.landed} of ${m.expected} records`),
    ...totals
      .filter((t) => t.checked && t.landed < t.expected)
      .map((t) => `${t.server} whole run: ${t.landed} of ${t.expected} records`),
  ]

  const on = byName('switchboard')
  const off = byName('switchboard-otel-off')
  const naive = byName('naive')
  const floor = byName('floor')
  const ref = `closed-${REFERENCE_CONNECTIONS}`
  const telemetryCost = CONNECTIONS.map((c) => {
    const onRate = at(on, `closed-${c}`)?.webhooksPerS ?? NaN
    const offRate = at(off, `closed-${c}`)?.webhooksPerS ?? NaN
    return { connections: c, onPerS: onRate, offPerS: offRate, cost: 1 - onRate / offRate }
  })
  const ratios = {
    connections: REFERENCE_CONNECTIONS,
    throughput: (at(on, ref)?.webhooksPerS ?? NaN) / (at(naive, ref)?.webhooksPerS ?? NaN),
    cpuPer2xx: (at(on, ref)?.cpuMsPer2xx ?? NaN) / (at(naive, ref)?.cpuMsPer2xx ?? NaN),
  }
  // What Switchboard spends above the transport floor (Hono + batched kafkajs, no checks).
  const aboveFloor = {
    connections: REFERENCE_CONNECTIONS,
    floorCpuMsPer2xx: at(floor, ref)?.cpuMsPer2xx ?? NaN,
    switchboardCpuMsPer2xx: at(on, ref)?.cpuMsPer2xx ?? NaN,
    floorPerS: at(floor, ref)?.webhooksPerS ?? NaN,
  }
  const verdict = (value: number, limit: number) =>
    !Number.isFinite(value) ? 'n/a' : value <= limit ? 'PASS' : 'FAIL'
  const goals = summary
    .filter((s) => s.kind === 'switchboard')
    .flatMap((s) => [
      {
        server: s.server,
        goal: `CPU per 2xx at ${REFERENCE_CONNECTIONS} conns`,
        value: at(s, ref)?.cpuMsPer2xx ?? NaN,
        unit: 'ms',
        limit: GOALS.cpuMsPer2xx,
      },
      {
        server: s.server,
        goal: 'p99 at half max rate (open loop)',
        value: at(s, 'open-half-max')?.p99Ms ?? NaN,
        unit: 'ms',
        limit: GOALS.p99AtHalfMaxMs,
      },
      {
        server: s.server,
        goal: 'peak RSS (VmHWM)',
        value: s.peakRssMiB ?? NaN,
        unit: 'MiB',
        limit: GOALS.peakRssMiB,
      },
    ])
    .map((g) => ({ ...g, verdict: verdict(g.value, g.limit) }))

  const machine = {
    nproc: coreCount(),
    cpuModel: cpuModel(),
    clockTicksPerSecond: clockTicksPerSecond(),
    node: process.version,
    date: startedAt.toISOString(),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: git(['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no']) !== '',
  }
  const settings = {
    rounds: ROUNDS,
    secondsPerPoint: SECONDS,
    connections: CONNECTIONS,
    openLoop: `half of the server's best closed-loop webhooks/s in the same round, at most ${OPEN_LOOP_MAX_IN_FLIGHT} in flight`,
    vendor: VENDOR,
    quick,
    warmupSeconds: WARMUP_SECONDS,
    broker: 'one local single-node KRaft broker (scripts/kafka), acks = all',
    switchboardCommandFrom: productionCommandSource(),
    productionEnv: productionEnv(),
    wallSeconds: Math.round((performance.now() - wallStart) / 1000),
  }
  writeResult('bench.json', {
    machine,
    settings,
    goals: GOALS,
    summary,
    telemetryCost,
    switchboardVsNaive: ratios,
    switchboardAboveFloor: aboveFloor,
    goalVerdicts: goals,
    recordsLanded: { totals, shortfalls },
    warmups,
    measurements,
  })

  const latency = (p: NonNullable<ReturnType<typeof at>>) =>
    `${fmt(p.p50Ms)} / ${fmt(p.p99Ms)} (${fmt(p.worstMaxMs, 0)})`
  const rows = summary.flatMap((s) =>
    points.map((point) => {
      const p = at(s, pointKey(point))!
      const label = point.mode === 'open' ? `open, ${fmt(p.rate, 0)}/s` : pointLabel(point)
      return [
        s.label,
        label,
        fmt(p.webhooksPerS, 0),
        `${fmt(p.cpuMsPer2xx, 3)} ms`,
        latency(p),
        `${fmt(s.peakRssMiB, 0)} MiB`,
        Object.keys(p.non2xx).length > 0 ? JSON.stringify(p.non2xx) : '0',
        s.kind === 'ceiling' ? '–' : `${p.landed} / ${p.expected}`,
      ]
    })
  )
  const percent = (ratio: number) => `${fmt(ratio * 100)} %`
  const md = [
    '## Benchmark: per-webhook cost',
    '',
    `${machine.date.slice(0, 10)}, commit ${machine.gitCommit.slice(0, 12)}${machine.gitDirty ? ' (uncommitted changes)' : ''}; nproc ${machine.nproc}, ${machine.cpuModel}, node ${machine.node}. ` +
      `${ROUNDS} round(s), ${SECONDS} s per point, servers interleaved, medians (max: worst of the rounds). ` +
      `Unique signed ${VENDOR === 'plain' ? 'Plain' : 'Plain + HelpCrunch'} webhooks from the Go driver; one local single-node Kafka broker, acks = all; all on this machine. ` +
      `CPU: utime + stime of the server's processes (/proc) over the load, per 2xx. Landed: records on the server's own topics / records its 2xx answers claim.`,
    '',
    markdownTable(
      [
        'system',
        'load',
        'webhooks/s',
        'CPU per 2xx',
        'p50 / p99 (max) ms',
        'peak RSS',
        'non-2xx',
        'landed / expected',
      ],
      rows
    ),
    '',
    ...(on && off
      ? [
          '**Telemetry cost** (Switchboard with OpenTelemetry on vs `OTEL_SDK_DISABLED=true`): ' +
            telemetryCost
              .map(
                (t) =>
                  `${t.connections} conns ${fmt(t.onPerS, 0)} vs ${fmt(t.offPerS, 0)}/s (${percent(t.cost)})`
              )
              .join('; ') +
            '.',
          '',
        ]
      : []),
    ...(on && naive
      ? [
          `**Switchboard ÷ naive bridge at ${REFERENCE_CONNECTIONS} connections**: throughput ${fmt(ratios.throughput, 2)}×, CPU per 2xx ${fmt(ratios.cpuPer2xx, 2)}×.`,
          '',
        ]
      : []),
    ...(on && floor
      ? [
          `**Transport floor at ${REFERENCE_CONNECTIONS} connections** (Hono + one batched kafkajs record of 14 headers, no checks): ` +
            `${fmt(aboveFloor.floorCpuMsPer2xx, 3)} ms of CPU per 2xx at ${fmt(aboveFloor.floorPerS, 0)}/s; ` +
            `Switchboard spends ${fmt(aboveFloor.switchboardCpuMsPer2xx - aboveFloor.floorCpuMsPer2xx, 3)} ms above it ` +
            `(verification, validation, mapping, de-duplication, telemetry).`,
          '',
        ]
      : []),
    ...(goals.length > 0
      ? [
          markdownTable(
            ['goal', 'server', 'measured', 'target', 'verdict'],
            goals.map((g) => [
              g.goal,
              g.server,
              `${fmt(g.value, g.unit === 'ms' && g.limit < 1 ? 3 : 1)} ${g.unit}`,
              `≤ ${g.limit} ${g.unit}`,
              `**${g.verdict}**`,
            ])
          ),
          '',
        ]
      : []),
    shortfalls.length > 0
      ? `**RECORDS-LANDED CHECK FAILED**: ${shortfalls.join('; ')}.`
      : `Records-landed check: every record claimed by a 2xx is on its topic (${totals
          .filter((t) => t.checked)
          .map((t) => `${t.server} ${t.landed}/${t.expected}`)
          .join(', ')}).`,
    '',
  ].join('\n')
  writeResultText('bench.md', md)

  const closed = points.filter((p) => p.mode === 'closed')
  writeResultText(
    'bench.svg',
    barChartSvg({
      title: 'Webhooks/s (2xx per second, closed loop; medians)',
      subtitle: `nproc ${machine.nproc}, node ${machine.node}, ${machine.date.slice(0, 10)}, ${ROUNDS}×${SECONDS} s`,
      groups: closed.map(pointLabel),
      series: summary.map((s) => ({
        name: s.label,
        values: closed.map((p) => at(s, pointKey(p))?.webhooksPerS),
      })),
      yLabel: 'webhooks/s',
    })
  )

  console.log(md)
  log(`written: bench/results/bench.{json,md,svg}; ${settings.wallSeconds} s in all`)
  if (shortfalls.length > 0) {
    for (const line of shortfalls) log(`RECORDS-LANDED CHECK FAILED: ${line}`)
    return 1
  }
  return 0
}

/** `git <args>` in the project, trimmed; `unknown` when git is not there. Read-only commands only. */
function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      cwd: join(import.meta.dirname, '..'),
    }).trim()
  } catch {
    return 'unknown'
  }
}
