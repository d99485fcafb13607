/**
 * `npm run bench`: the per-webhook cost of Switchboard next to what the same stack costs without
 * it, in one run on one machine against one local single-node broker (KRaft, acks = all). Servers
 * (bench/servers): a ceiling (Hono answering 202), a transport floor (Hono + one batched kafkajs
 * record shaped like a Switchboard event, no checks), a naive bridge (HMAC + one awaited idempotent
 * send), a Go bridge (bench/gobridge: HMAC, map, franz-go idempotent produce), Switchboard as production runs it (telemetry on) and with `OTEL_SDK_DISABLED=true`.
 * Load (bench/loadgen, Go): unique signed Plain webhooks, closed loop at 16, 64 and 256 keep-alive
 * connections, then an open loop at half of that server's best closed-loop rate of the round.
 * Servers are interleaved within each point of a round (their order rotates per round); figures
 * are medians over the rounds. Per server and point: webhooks/s (2xx per second), p50/p99/max,
 * CPU ms per 2xx (utime + stime of the server's process tree from /proc over the load window),
 * non-2xx answers, and records landed on the server's own topics against the records its 2xx
 * answers claim (a shortfall fails the run, exit 1); peak RSS (VmHWM) over the whole run; the
 * server's busiest thread (% of a core; for Node the main thread, which bounds its rate). Beside
 * each: the driver's own CPU (% of a core, from its /proc/self/stat), the broker's, and the
 * machine's idle time (/proc/stat, all cores) over the same window; a point where the driver used
 * ≥ 80 % of a core or the machine was < 5 % idle is flagged, since it then measured the machine
 * rather than the server. Switchboard with telemetry on exports its spans and metrics over
 * OTLP/HTTP to a local sink that accepts and discards (`loadgen -mode sink`), as production
 * exports to a collector. The floor and Switchboard with OTEL_SDK_DISABLED also run an open loop
 * at Switchboard's own half-max rate, so the tails compare at one rate.
 * Writes bench/results/bench.{json,md,svg} and prints the markdown. A script, never a test.
 *
 * Flags (or environment): `--servers a,b` (BENCH_SERVERS; names in bench/servers/index.ts),
 * `--rounds N` (BENCH_ROUNDS, 3), `--seconds S` per load point (BENCH_SECONDS, 10),
 * `--connections 16,64,256` (BENCH_CONNECTIONS), `--vendor plain|mixed` (BENCH_VENDOR, plain),
 * `--quick` (BENCH_QUICK=1: one round, 5 s, 64 connections + the open loop), `--closed-only`
 * (BENCH_CLOSED_ONLY=1: no open-loop points), `--fresh` (BENCH_FRESH=1: new server processes,
 * on new topics, for every round, so that one process's luck (its heap's layout, what the JIT
 * made of it, its partitions) does not sway every round of a comparison: two processes of the
 * same code differed by up to 8 % in CPU per webhook through a whole run), `--baseline DIR` (BENCH_BASELINE: another checkout
 * of the project; every Switchboard server also runs from there, as `<name>.baseline`, beside the
 * same server from this checkout, and the report adds an A/B table of the pairs), `--out NAME`
 * (BENCH_OUT: results in bench/results/NAME.{json,md,svg}; default `bench`).
 */
import { randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { productionCommandSource, productionEnv } from './lib/bridge.ts'
import { benchKafka, recordCount } from './lib/kafka.ts'
import { buildLoadgen, startLoadgen, startSink, type LoadResult } from './lib/loadgen.ts'
import {
  clockTicksPerSecond,
  coreCount,
  cpuModel,
  busiestThread,
  cpuMsOf,
  idleShare,
  machineTicks,
  threadsOf,
  treeCpuMs,
  treeMemory,
} from './lib/process.ts'
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
    'closed-only': { type: 'boolean' },
    fresh: { type: 'boolean' },
    baseline: { type: 'string' },
    out: { type: 'string' },
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
const CLOSED_ONLY = flags['closed-only'] ?? ['1', 'true'].includes(env['BENCH_CLOSED_ONLY'] ?? '')
const FRESH = flags.fresh ?? ['1', 'true'].includes(env['BENCH_FRESH'] ?? '')
const BASELINE = flags.baseline ?? env['BENCH_BASELINE']
const OUT = flags.out ?? env['BENCH_OUT'] ?? 'bench'
if (!/^[\w.-]+$/.test(OUT)) throw new Error('--out must be a plain file name')
const serverNames = (flags.servers ?? env['BENCH_SERVERS'])?.split(',').filter(Boolean)
const chosen: ServerSpec[] = serverNames
  ? serverNames.map((name) => {
      const spec = SERVERS.find((s) => s.name === name)
      if (!spec) {
        throw new Error(`unknown server ${name}; known: ${SERVERS.map((s) => s.name).join(', ')}`)
      }
      return spec
    })
  : SERVERS.filter((s) => s.byDefault)
/** The twin of a Switchboard server run from the baseline checkout. */
const baselineOf = (name: string) => `${name}.baseline`
const SPECS: ServerSpec[] = chosen.flatMap((spec) =>
  BASELINE !== undefined && spec.kind === 'switchboard'
    ? [
        spec,
        {
          ...spec,
          name: baselineOf(spec.name),
          label: `${spec.label} (baseline)`,
          root: BASELINE,
          byDefault: false,
        },
      ]
    : [spec]
)
/** Unrecorded load per server before round 1 (JIT, connections, topic metadata). */
const WARMUP_SECONDS = quick ? 2 : 3
/** In-flight cap of the open loop (a slot that finds it full is counted as skipped). */
const OPEN_LOOP_MAX_IN_FLIGHT = 512
/** The connection count of the ratios and of the goals. */
const REFERENCE_CONNECTIONS = 64
/** Issue 21's goals; `ceilingPerS` is the bench's own: below it, the driver or machine is the limit. */
const GOALS = {
  ceilingPerS: 20_000,
  telemetryCost: 0.1,
  cpuPer2xxOverFloor: 2,
  throughputOverGoBridge: 1.2,
  p99AtHalfMaxMs: 50,
  peakRssMiB: 200,
}
/** A point is flagged when the driver used this much of a core, or the machine was less idle. */
const SATURATION = { driverCpuPercent: 80, machineIdlePercent: 5 }
/** Servers that also run an open loop at Switchboard's (telemetry on) half-max rate. */
const AT_SWITCHBOARD_RATE = new Set(['floor', 'gobridge', 'switchboard-otel-off'])

const log = (line: string) => {
  console.error(`[bench] ${line}`)
}

// --- one load point --------------------------------------------------------------------------

/**
 * A load point: closed loop at some connections, open loop at half the server's best closed rate,
 * or open loop at half Switchboard's (for the servers in AT_SWITCHBOARD_RATE).
 */
type Point =
  | { readonly mode: 'closed'; readonly connections: number }
  | { readonly mode: 'open' }
  | { readonly mode: 'open-switchboard' }
const pointKey = (p: Point) =>
  p.mode === 'closed'
    ? `closed-${p.connections}`
    : p.mode === 'open'
      ? 'open-half-max'
      : 'open-switchboard-half-max'
const pointLabel = (p: Point) =>
  p.mode === 'closed'
    ? `${p.connections} conns`
    : p.mode === 'open'
      ? 'open, ½ max rate'
      : 'open, ½ Switchboard’s max rate'

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
  /** The server's busiest thread over the load (for Node, the main thread), % of one core. */
  readonly busiestThreadPercent: number
  /** The driver's CPU over the load, % of one core (its own /proc/self/stat). */
  readonly driverCpuPercent: number
  /** The broker's CPU over the load, % of one core. */
  readonly brokerCpuPercent: number
  /** The OTLP sink's CPU over the load, % of one core. */
  readonly sinkCpuPercent: number
  /** The machine's idle time over the load, % of all cores (/proc/stat). */
  readonly machineIdlePercent: number
  /** Why this point measured the machine rather than the server, if it did. */
  readonly saturated: readonly ('driver' | 'machine')[]
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
  const ticksBefore = machineTicks()
  const brokerBefore = cpuMsOf(broker.pid)
  const sinkBefore = cpuMsOf(sink.pid)
  const cpuBefore = treeCpuMs(server.process.pid)
  const threadsBefore = threadsOf(server.process.pid)
  const load = await startLoadgen(args).result
  const cpuMs = treeCpuMs(server.process.pid) - cpuBefore
  const busiest = busiestThread(threadsBefore, threadsOf(server.process.pid))
  const ticksAfter = machineTicks()
  const percentOfCore = (ms: number) => ms / 10 / load.elapsed_s
  const brokerCpuPercent = percentOfCore(cpuMsOf(broker.pid) - brokerBefore)
  const sinkCpuPercent = percentOfCore(cpuMsOf(sink.pid) - sinkBefore)
  const after = server.topics.length > 0 ? await recordCount(kafka, server.topics, true) : 0
  const twoXX = sumOf(load.statuses, is2xx)
  const driverCpuPercent = load.cpu_percent ?? NaN
  const machineIdlePercent = idleShare(ticksBefore, ticksAfter) * 100
  const saturated = [
    ...(driverCpuPercent >= SATURATION.driverCpuPercent ? (['driver'] as const) : []),
    ...(machineIdlePercent < SATURATION.machineIdlePercent ? (['machine'] as const) : []),
  ]
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
    busiestThreadPercent: busiest === undefined ? NaN : percentOfCore(busiest.ms),
    driverCpuPercent,
    brokerCpuPercent,
    sinkCpuPercent,
    machineIdlePercent,
    saturated,
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
const sink = await startSink()
const points: Point[] = [
  ...CONNECTIONS.map((connections) => ({ mode: 'closed' as const, connections })),
  ...(CLOSED_ONLY ? [] : [{ mode: 'open' as const }]),
  ...(!CLOSED_ONLY &&
  SPECS.some((s) => s.name === 'switchboard') &&
  SPECS.some((s) => AT_SWITCHBOARD_RATE.has(s.name))
    ? [{ mode: 'open-switchboard' as const }]
    : []),
]
/** The points a server runs (the open loop at Switchboard's rate only for AT_SWITCHBOARD_RATE). */
const pointsOf = (name: string) =>
  points.filter((p) => p.mode !== 'open-switchboard' || AT_SWITCHBOARD_RATE.has(name))
let sinkResult: Awaited<ReturnType<typeof sink.stop>> | undefined
log(
  `${SPECS.map((s) => s.name).join(', ')}; ${ROUNDS} round(s) × ${points.length} points × ${SECONDS} s`
)

const running: RunningServer[] = []
const measurements: Measurement[] = []
const warmups: Measurement[] = []
const idleRss = new Map<string, number>()
const commands = new Map<string, string>()
const peakRss = new Map<string, number>()
/** Every server process's topics, with the records its answers claimed (warm-up included). */
const claims: { server: string; topics: readonly string[]; from: Measurement[] }[] = []
let exitCode = 0

/** Starts every server (topics of its own per `generation`), then warms each up. */
async function startAll(generation: number) {
  for (const spec of SPECS) {
    const server = await startServer(spec, {
      brokers,
      kafka: benchKafka(brokers),
      secret,
      runId: generation === 0 ? runId : `${runId}g${String(generation)}`,
      logDir: dir,
      otlpEndpoint: sink.url,
    })
    running.push(server)
    commands.set(spec.name, server.command)
    if (!idleRss.has(spec.name)) idleRss.set(spec.name, treeMemory(server.process.pid).rssMiB)
    log(`${spec.name} ready (pid ${server.process.pid}): ${server.command}`)
  }
  for (const server of running) {
    const warm = { mode: 'closed', connections: REFERENCE_CONNECTIONS } as const
    const m = await measure(server, warm, 0, WARMUP_SECONDS)
    warmups.push(m)
    claims.push({ server: server.spec.name, topics: server.topics, from: [m] })
  }
}

/** Reads the servers' peak RSS, stops them (flushing their last spans). */
async function stopAll() {
  for (const server of running) {
    const hwm = treeMemory(server.process.pid).hwmMiB
    peakRss.set(server.spec.name, Math.max(peakRss.get(server.spec.name) ?? 0, hwm))
  }
  await Promise.all(running.splice(0).map((server) => server.stop()))
}

try {
  if (!FRESH) await startAll(0)
  for (let round = 1; round <= ROUNDS; round++) {
    if (FRESH) await startAll(round)
    // Rotate the order so that no server always runs first (or right after the broker's busiest).
    const order = running.map((_, i) => running[(i + round - 1) % running.length]!)
    const halfBest = (server: string) =>
      Math.max(
        1,
        Math.round(
          Math.max(
            0,
            ...measurements
              .filter(
                (m) => m.server === server && m.round === round && m.point.startsWith('closed')
              )
              .map((m) => m.webhooksPerS)
          ) / 2
        )
      )
    for (const point of points) {
      for (const server of order) {
        if (!pointsOf(server.spec.name).includes(point)) continue
        const rate =
          point.mode === 'open'
            ? halfBest(server.spec.name)
            : point.mode === 'open-switchboard'
              ? halfBest('switchboard')
              : undefined
        const m = await measure(server, point, round, SECONDS, rate)
        measurements.push(m)
        claims.findLast((c) => c.server === server.spec.name)?.from.push(m)
        log(
          `round ${round} ${pointLabel(point)} ${server.spec.name}: ${fmt(m.webhooksPerS, 0)}/s, p99 ${fmt(m.latencyMs.p99)} ms, ${fmt(m.cpuMsPer2xx, 3)} CPU ms/2xx, driver ${fmt(m.driverCpuPercent, 0)} % of a core, machine ${fmt(m.machineIdlePercent, 0)} % idle${m.saturated.length > 0 ? ` (SATURATED: ${m.saturated.join(', ')})` : ''}, landed ${m.landed}/${m.expected}`
        )
      }
    }
    if (FRESH) await stopAll()
  }
  if (!FRESH) await stopAll()
  sinkResult = await sink.stop()
  // Every record a server process ever claimed, warm-up included, against its topics' totals.
  const byServer = new Map<string, { expected: number; landed: number; checked: boolean }>()
  for (const claim of claims) {
    const total = byServer.get(claim.server) ?? { expected: 0, landed: 0, checked: false }
    total.expected += claim.from.reduce((sum, m) => sum + m.expected, 0)
    if (claim.topics.length > 0) {
      total.landed += await recordCount(benchKafka(brokers), claim.topics, true)
      total.checked = true
    }
    byServer.set(claim.server, total)
  }
  exitCode = report([...byServer].map(([server, total]) => ({ server, ...total })))
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  await Promise.all(running.map((server) => server.stop()))
  if (sinkResult === undefined) await sink.stop().catch(() => undefined)
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
    command: commands.get(spec.name),
    idleRssMiB: idleRss.get(spec.name),
    peakRssMiB: peakRss.get(spec.name),
    points: Object.fromEntries(
      pointsOf(spec.name).map((point) => {
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
            busiestThreadPercent: median(rows.map((r) => r.busiestThreadPercent)),
            driverCpuPercent: median(rows.map((r) => r.driverCpuPercent)),
            brokerCpuPercent: median(rows.map((r) => r.brokerCpuPercent)),
            sinkCpuPercent: median(rows.map((r) => r.sinkCpuPercent)),
            machineIdlePercent: median(rows.map((r) => r.machineIdlePercent)),
            /** Rounds in which the driver, or the machine, was saturated. */
            saturatedRounds: {
              driver: rows.filter((r) => r.saturated.includes('driver')).length,
              machine: rows.filter((r) => r.saturated.includes('machine')).length,
            },
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

  const ceiling = byName('ceiling')
  const on = byName('switchboard')
  const off = byName('switchboard-otel-off')
  const naive = byName('naive')
  const goBridge = byName('gobridge')
  const floor = byName('floor')
  const ref = `closed-${REFERENCE_CONNECTIONS}`
  // Per round, then the median: the servers of one round ran minutes apart, not hours.
  const perRound = (f: (round: number) => number) =>
    median(Array.from({ length: ROUNDS }, (_, i) => f(i + 1)))
  const measured = (server: string, point: string, round: number) =>
    measurements.find((m) => m.server === server && m.point === point && m.round === round)
  /** The median over the rounds of `server`'s `value` ÷ `reference`'s at `point`, round by round. */
  const roundRatio = (
    server: string,
    reference: string,
    point: string,
    value: (m: Measurement) => number
  ) =>
    perRound((round) => {
      const a = measured(server, point, round)
      const b = measured(reference, point, round)
      return a && b ? value(a) / value(b) : NaN
    })
  const telemetryCost = CONNECTIONS.map((c) => {
    const point = `closed-${c}`
    return {
      connections: c,
      onPerS: at(on, point)?.webhooksPerS ?? NaN,
      offPerS: at(off, point)?.webhooksPerS ?? NaN,
      onCpuMsPer2xx: at(on, point)?.cpuMsPer2xx ?? NaN,
      offCpuMsPer2xx: at(off, point)?.cpuMsPer2xx ?? NaN,
      /** Median over the rounds of 1 − on/off, each round's pair measured back to back. */
      cost: 1 - roundRatio('switchboard', 'switchboard-otel-off', point, (m) => m.webhooksPerS),
    }
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
    switchboardOffCpuMsPer2xx: at(off, ref)?.cpuMsPer2xx ?? NaN,
    floorPerS: at(floor, ref)?.webhooksPerS ?? NaN,
    /** Median over the rounds of Switchboard's (telemetry on) CPU per 2xx ÷ the floor's. */
    ratio: roundRatio('switchboard', 'floor', ref, (m) => m.cpuMsPer2xx),
  }
  // The tail at one rate: Switchboard's half-max, for it, the floor and Switchboard without OTel.
  const tail = {
    rate: at(on, 'open-half-max')?.rate ?? NaN,
    switchboardP99Ms: at(on, 'open-half-max')?.p99Ms ?? NaN,
    floorP99Ms: at(floor, 'open-switchboard-half-max')?.p99Ms ?? NaN,
    offP99Ms: at(off, 'open-switchboard-half-max')?.p99Ms ?? NaN,
    goBridgeP99Ms: at(goBridge, 'open-switchboard-half-max')?.p99Ms ?? NaN,
  }
  /** A goal; `atLeast`: the value must reach the limit (else stay at or under it). */
  type Goal = {
    goal: string
    server: string
    value: number
    unit: string
    limit: number
    atLeast?: boolean
  }
  const goals = [
    ...(ceiling
      ? [
          {
            goal: `ceiling webhooks/s at ${REFERENCE_CONNECTIONS} conns`,
            server: 'ceiling',
            value: at(ceiling, ref)?.webhooksPerS ?? NaN,
            unit: '/s',
            limit: GOALS.ceilingPerS,
            atLeast: true,
          },
        ]
      : []),
    ...(on && off
      ? [
          {
            goal: `telemetry cost: 1 − on/off webhooks/s at ${REFERENCE_CONNECTIONS} conns`,
            server: 'switchboard',
            value:
              (telemetryCost.find((t) => t.connections === REFERENCE_CONNECTIONS)?.cost ?? NaN) *
              100,
            unit: '%',
            limit: GOALS.telemetryCost * 100,
          },
        ]
      : []),
    ...(on && goBridge
      ? [
          {
            goal: `webhooks/s ÷ the Go bridge's at ${REFERENCE_CONNECTIONS} conns`,
            server: 'switchboard',
            value: roundRatio('switchboard', 'gobridge', ref, (m) => m.webhooksPerS),
            unit: '×',
            limit: GOALS.throughputOverGoBridge,
            atLeast: true,
          },
        ]
      : []),
    ...(on && floor
      ? [
          {
            goal: `CPU per 2xx ÷ the floor's at ${REFERENCE_CONNECTIONS} conns`,
            server: 'switchboard',
            value: aboveFloor.ratio,
            unit: '×',
            limit: GOALS.cpuPer2xxOverFloor,
          },
        ]
      : []),
    ...summary
      .filter((s) => s.server === 'switchboard')
      .flatMap((s) => [
        {
          goal: 'p99 at half max rate (open loop)',
          server: s.server,
          value: at(s, 'open-half-max')?.p99Ms ?? NaN,
          unit: 'ms',
          limit: GOALS.p99AtHalfMaxMs,
        },
        {
          goal: 'peak RSS (VmHWM) over the whole run',
          server: s.server,
          value: s.peakRssMiB ?? NaN,
          unit: 'MiB',
          limit: GOALS.peakRssMiB,
        },
      ]),
  ].map((g: Goal) => {
    const higher = g.atLeast === true
    const verdict = !Number.isFinite(g.value)
      ? 'n/a'
      : (higher ? g.value >= g.limit : g.value <= g.limit)
        ? 'PASS'
        : 'FAIL'
    return { ...g, target: `${higher ? '≥' : '≤'} ${g.limit} ${g.unit}`, verdict }
  })
  const flagged = measurements.filter((m) => m.saturated.length > 0)
  /**
   * Server `name` against `reference` at every point of `name`, round by round (the two ran back
   * to back in every round), then the median of those ratios.
   */
  const pairRows = (name: string, reference: string) => {
    const current = byName(name)
    const base = byName(reference)
    return pointsOf(name).map((point) => {
      const key = pointKey(point)
      const ratio = (value: (m: Measurement) => number) => roundRatio(name, reference, key, value)
      return {
        server: name,
        reference,
        point: key,
        label: pointLabel(point),
        perS: [at(current, key)?.webhooksPerS ?? NaN, at(base, key)?.webhooksPerS ?? NaN],
        cpuMsPer2xx: [at(current, key)?.cpuMsPer2xx ?? NaN, at(base, key)?.cpuMsPer2xx ?? NaN],
        p99Ms: [at(current, key)?.p99Ms ?? NaN, at(base, key)?.p99Ms ?? NaN],
        peakRssMiB: [current?.peakRssMiB ?? NaN, base?.peakRssMiB ?? NaN],
        throughputRatio: ratio((m) => m.webhooksPerS),
        cpuRatio: ratio((m) => m.cpuMsPer2xx),
      }
    })
  }
  // A/B: each Switchboard server against its twin from the baseline checkout.
  const ab = summary
    .filter((s) => s.server.endsWith('.baseline'))
    .flatMap((base) => pairRows(base.server.slice(0, -'.baseline'.length), base.server))
  // Every other Switchboard variant of this checkout (console off, traces not exported, …)
  // against Switchboard as production runs it: what one setting costs or saves.
  const variants = on
    ? SPECS.filter(
        (spec) =>
          spec.kind === 'switchboard' &&
          !spec.name.endsWith('.baseline') &&
          !['switchboard', 'switchboard-otel-off'].includes(spec.name)
      ).flatMap((spec) => pairRows(spec.name, 'switchboard'))
    : []

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
    freshProcessesPerRound: FRESH,
    secondsPerPoint: SECONDS,
    connections: CONNECTIONS,
    openLoop: `half of the server's best closed-loop webhooks/s in the same round, at most ${OPEN_LOOP_MAX_IN_FLIGHT} in flight; ${[...AT_SWITCHBOARD_RATE].join(' and ')} also at Switchboard's`,
    vendor: VENDOR,
    quick,
    warmupSeconds: WARMUP_SECONDS,
    broker: 'one local single-node KRaft broker (scripts/kafka), acks = all',
    telemetry:
      'Switchboard exports spans and metrics over OTLP/HTTP (protobuf) to a local sink that accepts and discards (loadgen -mode sink); variants set their own OTEL_* variables',
    saturation: `a point is flagged when the driver used ≥ ${SATURATION.driverCpuPercent} % of a core or the machine was < ${SATURATION.machineIdlePercent} % idle`,
    switchboardCommandFrom: productionCommandSource(),
    productionEnv: productionEnv(),
    wallSeconds: Math.round((performance.now() - wallStart) / 1000),
  }
  writeResult(`${OUT}.json`, {
    machine,
    settings,
    goals: GOALS,
    summary,
    telemetryCost,
    switchboardVsNaive: ratios,
    switchboardAboveFloor: aboveFloor,
    tailAtSwitchboardHalfMax: tail,
    goalVerdicts: goals,
    ...(BASELINE !== undefined && { baseline: { root: BASELINE, pairs: ab } }),
    variantsAgainstSwitchboard: variants,
    otlpSink: sinkResult,
    saturatedPoints: flagged.map((m) => ({
      server: m.server,
      round: m.round,
      point: m.point,
      saturated: m.saturated,
      driverCpuPercent: m.driverCpuPercent,
      machineIdlePercent: m.machineIdlePercent,
    })),
    recordsLanded: { totals, shortfalls },
    warmups,
    measurements,
  })

  type PointSummary = NonNullable<ReturnType<typeof at>>
  const latency = (p: PointSummary) => `${fmt(p.p50Ms)} / ${fmt(p.p99Ms)} (${fmt(p.worstMaxMs, 0)})`
  const saturation = (p: PointSummary) =>
    [
      p.saturatedRounds.driver > 0 ? `⚠ driver ${p.saturatedRounds.driver}/${p.rounds}` : '',
      p.saturatedRounds.machine > 0 ? `⚠ machine ${p.saturatedRounds.machine}/${p.rounds}` : '',
    ]
      .filter(Boolean)
      .join(', ')
  const rows = summary.flatMap((s) =>
    pointsOf(s.server).map((point) => {
      const p = at(s, pointKey(point))!
      const label =
        point.mode === 'closed'
          ? pointLabel(point)
          : `open, ${fmt(p.rate, 0)}/s${point.mode === 'open-switchboard' ? ' (Switchboard’s ½ max)' : ''}`
      return [
        s.label,
        label,
        fmt(p.webhooksPerS, 0),
        `${fmt(p.cpuMsPer2xx, 3)} ms`,
        latency(p),
        `${fmt(s.peakRssMiB, 0)} MiB`,
        `${fmt(p.busiestThreadPercent, 0)} %`,
        `${fmt(p.driverCpuPercent, 0)} %`,
        `${fmt(p.machineIdlePercent, 0)} %${saturation(p) ? ` ${saturation(p)}` : ''}`,
        Object.keys(p.non2xx).length > 0 ? JSON.stringify(p.non2xx) : '0',
        s.kind === 'ceiling' ? '–' : `${p.landed} / ${p.expected}`,
      ]
    })
  )
  const percent = (ratio: number) => `${fmt(ratio * 100)} %`
  const sunk = sinkResult
  const exported = sunk
    ? Object.entries(sunk.requests)
        .map(
          ([path, n]) => `${path} ${n} requests, ${fmt((sunk.bytes[path] ?? 0) / 1024 / 1024)} MiB`
        )
        .join('; ')
    : 'nothing'
  const md = [
    '## Benchmark: per-webhook cost',
    '',
    `${machine.date.slice(0, 10)}, commit ${machine.gitCommit.slice(0, 12)}${machine.gitDirty ? ' (uncommitted changes)' : ''}; nproc ${machine.nproc}, ${machine.cpuModel}, node ${machine.node}. ` +
      `${ROUNDS} round(s)${FRESH ? ' (new server processes each round)' : ''}, ${SECONDS} s per point, servers interleaved, medians (max: worst of the rounds). ` +
      `Unique signed ${VENDOR === 'plain' ? 'Plain' : 'Plain + HelpCrunch'} webhooks from the Go driver; one local single-node Kafka broker, acks = all; all on this machine. ` +
      `CPU: utime + stime of the server's processes (/proc) over the load, per 2xx. Busiest thread: the server's thread that used the most CPU over the load, % of one core (for Node the main thread, which runs all JavaScript: near 100 % it bounds the rate whatever the machine's idle time). Driver: the load generator's own CPU over the load, % of one core. Idle: the machine's idle time over the load (/proc/stat, both cores); ⚠ marks rounds where the driver used ≥ ${SATURATION.driverCpuPercent} % of a core or the machine was < ${SATURATION.machineIdlePercent} % idle. ` +
      `Telemetry on: spans and metrics exported over OTLP/HTTP to a local sink that discards them (it received: ${exported}); info-level logs. Landed: records on the server's own topics / records its 2xx answers claim.`,
    '',
    markdownTable(
      [
        'system',
        'load',
        'webhooks/s',
        'CPU per 2xx',
        'p50 / p99 (max) ms',
        'peak RSS',
        'busiest thread',
        'driver CPU',
        'machine idle',
        'non-2xx',
        'landed / expected',
      ],
      rows
    ),
    '',
    ...(on && off
      ? [
          '**Telemetry cost** (Switchboard with telemetry on vs `OTEL_SDK_DISABLED=true` and warn logs; the cost is the median over rounds of each round’s 1 − on/off): ' +
            telemetryCost
              .map(
                (t) =>
                  `${t.connections} conns ${fmt(t.onPerS, 0)} vs ${fmt(t.offPerS, 0)}/s (${percent(t.cost)}), ${fmt(t.onCpuMsPer2xx, 3)} vs ${fmt(t.offCpuMsPer2xx, 3)} ms of CPU per 2xx`
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
            `Switchboard with telemetry on ${fmt(aboveFloor.switchboardCpuMsPer2xx, 3)} ms (${fmt(aboveFloor.ratio, 2)}× the floor, median of the rounds), ` +
            `without OpenTelemetry ${fmt(aboveFloor.switchboardOffCpuMsPer2xx, 3)} ms.`,
          '',
        ]
      : []),
    ...(on && (floor || off)
      ? [
          `**The tail at Switchboard's half-max rate** (${fmt(tail.rate, 0)}/s, open loop): p99 ${fmt(tail.switchboardP99Ms)} ms with telemetry on, ` +
            `${fmt(tail.offP99Ms)} ms with \`OTEL_SDK_DISABLED=true\`, ${fmt(tail.floorP99Ms)} ms for the transport floor` +
            (goBridge ? `, ${fmt(tail.goBridgeP99Ms)} ms for the Go bridge.` : '.'),
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
              `${fmt(g.value, g.unit === '/s' ? 0 : 2)} ${g.unit}`,
              g.target,
              `**${g.verdict}**`,
            ])
          ),
          '',
        ]
      : []),
    ...(ab.length > 0
      ? [
          `**A/B against the baseline checkout** (\`${BASELINE ?? ''}\`; this / baseline, ratios are medians of each round's ratio):`,
          '',
          pairTable(ab),
          '',
        ]
      : []),
    ...(variants.length > 0
      ? [
          '**Variants against Switchboard as production runs it** (variant / `switchboard`, both of this checkout; ratios are medians of each round’s ratio):',
          '',
          pairTable(variants),
          '',
        ]
      : []),
    flagged.length > 0
      ? `**Saturated points** (measured the machine as much as the server): ${flagged
          .map(
            (m) =>
              `${m.server} round ${m.round} ${m.point} (driver ${fmt(m.driverCpuPercent, 0)} %, idle ${fmt(m.machineIdlePercent, 0)} %)`
          )
          .join('; ')}.`
      : 'No point saturated the driver or the machine.',
    '',
    shortfalls.length > 0
      ? `**RECORDS-LANDED CHECK FAILED**: ${shortfalls.join('; ')}.`
      : `Records-landed check: every record claimed by a 2xx is on its topic (${totals
          .filter((t) => t.checked)
          .map((t) => `${t.server} ${t.landed}/${t.expected}`)
          .join(', ')}).`,
    '',
  ].join('\n')
  writeResultText(`${OUT}.md`, md)

  const closed = points.filter((p) => p.mode === 'closed')
  writeResultText(
    `${OUT}.svg`,
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
  log(`written: bench/results/${OUT}.{json,md,svg}; ${settings.wallSeconds} s in all`)
  for (const m of flagged) {
    log(`SATURATED: ${m.server} round ${m.round} ${m.point}: ${m.saturated.join(', ')}`)
  }
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

/** One row per pair of servers at one point: both figures and the ratio of the first to the second. */
function pairTable(
  rows: readonly {
    server: string
    label: string
    perS: number[]
    throughputRatio: number
    cpuMsPer2xx: number[]
    cpuRatio: number
    p99Ms: number[]
    peakRssMiB: number[]
  }[]
): string {
  return markdownTable(
    ['server', 'load', 'webhooks/s', 'ratio', 'CPU per 2xx', 'ratio', 'p99 ms', 'peak RSS'],
    rows.map((row) => [
      row.server,
      row.label,
      `${fmt(row.perS[0], 0)} / ${fmt(row.perS[1], 0)}`,
      `${fmt(row.throughputRatio, 3)}×`,
      `${fmt(row.cpuMsPer2xx[0], 3)} / ${fmt(row.cpuMsPer2xx[1], 3)} ms`,
      `${fmt(row.cpuRatio, 3)}×`,
      `${fmt(row.p99Ms[0])} / ${fmt(row.p99Ms[1])}`,
      `${fmt(row.peakRssMiB[0], 0)} / ${fmt(row.peakRssMiB[1], 0)} MiB`,
    ])
  )
}
