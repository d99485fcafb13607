/**
 * `node bench/profile-telemetry.ts`: where telemetry's CPU per webhook goes. Runs Switchboard as
 * `npm run bench` does (the Dockerfile's command) under `node --cpu-prof`, once with telemetry on
 * (spans and metrics exported over OTLP/HTTP to a local sink that discards them, info-level
 * logs) and once with `OTEL_SDK_DISABLED=true` and warn logs, alternating, each under the same
 * closed-loop load from the Go driver. Then it reads each V8 profile and sums, per webhook
 * answered 2xx, the CPU of each part of telemetry: a sample belongs to the nearest frame (from
 * its leaf) that is telemetry's or the bridge's own code, Node's internals and natives counting
 * for their caller (the logger's JSON.stringify and write are the logger's). Garbage collection
 * has no stack and is reported on its own line. Beside the profile (the main thread only), the CPU
 * per webhook of each kind of thread from /proc: the main thread, V8's workers (concurrent GC,
 * compilation), libuv's pool. Writes bench/results/telemetry-profile.{json,md} and prints the markdown.
 *
 * Flags (or environment): `--rounds N` (PROFILE_ROUNDS, 2), `--seconds S` of load per run
 * (PROFILE_SECONDS, 15), `--connections C` (PROFILE_CONNECTIONS, 64), `--variants a,b` (names in
 * bench/servers/index.ts, default `switchboard,switchboard-otel-off`), `--baseline DIR` (each variant
 * also runs from that other checkout, as `<name>.baseline`, for an A/B of two versions).
 * A script, never a test.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { benchKafka } from './lib/kafka.ts'
import { buildLoadgen, startLoadgen, startSink, type LoadResult } from './lib/loadgen.ts'
import { idleShare, machineTicks, threadCpuMs, treeCpuMs } from './lib/process.ts'
import { fmt, markdownTable, median, workDir, writeResult, writeResultText } from './lib/report.ts'
import { SERVERS, startServer } from './servers/index.ts'

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    variants: { type: 'string' },
    baseline: { type: 'string' },
  },
})
const env = process.env
const ROUNDS = Number(flags.rounds ?? env['PROFILE_ROUNDS'] ?? 2)
const SECONDS = Number(flags.seconds ?? env['PROFILE_SECONDS'] ?? 15)
const CONNECTIONS = Number(flags.connections ?? env['PROFILE_CONNECTIONS'] ?? 64)
const BASELINE = flags.baseline
const VARIANTS = (flags.variants ?? 'switchboard,switchboard-otel-off')
  .split(',')
  .flatMap((name) => (BASELINE === undefined ? [name] : [name, `${name}.baseline`]))
const WARMUP_SECONDS = 3

/**
 * The parts of telemetry, by where a frame's code lives (first match wins per frame). A frame of
 * a bridge file that calls into telemetry is not telemetry itself; its callees are.
 */
const PARTS: readonly { name: string; test: (url: string, fn: string) => boolean }[] = [
  {
    name: 'OTLP serialisation and export',
    test: (url) => /@opentelemetry\/(otlp-|exporter-(trace|metrics)-otlp)/.test(url),
  },
  {
    name: 'batch span processor',
    test: (url) => /@opentelemetry\/sdk-trace\/.*BatchSpanProcessor/.test(url),
  },
  {
    name: 'metrics SDK',
    test: (url) => /@opentelemetry\/(sdk-metrics|exporter-prometheus)/.test(url),
  },
  {
    name: 'spans: creation, attributes, links, end (SDK)',
    test: (url) => /@opentelemetry\/(sdk-trace|core|resources)/.test(url),
  },
  {
    name: 'context propagation (API, async hooks)',
    test: (url) => /@opentelemetry\/(api|context-async-hooks)/.test(url),
  },
  // The production command runs the compiled modules (dist/app/src/…/*.js), other runs the sources.
  { name: 'the log line (src/log.ts)', test: (url) => /\/src\/log\.[jt]s$/.test(url) },
  {
    name: "the bridge's telemetry code",
    test: (url) =>
      /\/src\/(telemetry\/|http\/observe-webhooks\.[jt]s|delivery\/outcome\.[jt]s|kafka\/producer-tracing\.[jt]s)/.test(
        url
      ),
  },
]

interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string }
    children?: number[]
  }[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/**
 * CPU ms per part, GC, idle and in all, over the whole profile. A sample goes to the part of the
 * frame nearest its leaf that is either telemetry or the bridge's own code (Node's internals and
 * natives, such as JSON.stringify or a write, count for whoever called them), so that a wrapper
 * such as `startActiveSpan` or `context.with` is not charged for the request it wraps.
 */
function analyse(file: string) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const parent = new Map<number, number>()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const owner = new Map<number, string>()
  const ownerOf = (id: number): string => {
    const cached = owner.get(id)
    if (cached !== undefined) return cached
    const { url, functionName } = byId.get(id)!.callFrame
    const up = parent.get(id)
    const neutral = url === '' || url.startsWith('node:')
    const part = neutral
      ? undefined
      : (PARTS.find((p) => p.test(url, functionName))?.name ?? 'other')
    const found = part ?? (up === undefined ? 'other' : ownerOf(up))
    owner.set(id, found)
    return found
  }
  const ms: Record<string, number> = {}
  let gc = 0
  let idle = 0
  let total = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000
    const node = byId.get(profile.samples[i]!)!
    const name = node.callFrame.functionName
    if (name === '(idle)') {
      idle += delta
      continue
    }
    total += delta
    if (name === '(garbage collector)') {
      gc += delta
      continue
    }
    const part = ownerOf(node.id)
    ms[part] = (ms[part] ?? 0) + delta
  }
  return { ms, gc, idle, total }
}

const dir = workDir('profile-telemetry')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
await buildLoadgen()
const secret = randomBytes(24).toString('hex')
const runId = randomBytes(4).toString('hex')
const log = (line: string) => {
  console.error(`[profile] ${line}`)
}
const broker = await startLocalKafka({ log })
const sink = await startSink()

interface Run {
  variant: string
  round: number
  load: LoadResult
  twoXX: number
  webhooksPerS: number
  cpuMsPer2xx: number
  machineIdlePercent: number
  /** µs of CPU per 2xx, by part (inclusive), from the profile. */
  usPer2xx: Record<string, number>
  gcUsPer2xx: number
  profiledUsPer2xx: number
  /** µs of CPU per 2xx by thread name over the load (/proc): MainThread, V8Worker, … */
  threadUsPer2xx: Record<string, number>
}
const runs: Run[] = []
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of round % 2 === 1 ? VARIANTS : [...VARIANTS].reverse()) {
      const twin = variant.endsWith('.baseline')
      const found = SERVERS.find((s) => s.name === variant.replace(/\.baseline$/, ''))
      if (!found) throw new Error(`unknown variant ${variant}`)
      const base =
        twin && BASELINE !== undefined ? { ...found, name: variant, root: BASELINE } : found
      const profileDir = join(dir, `${variant}-${String(round)}`)
      const server = await startServer(
        {
          ...base,
          nodeArgs: [...(base.nodeArgs ?? []), '--cpu-prof', '--cpu-prof-dir', profileDir],
        },
        {
          brokers: broker.brokers,
          kafka: benchKafka(broker.brokers),
          secret,
          runId: `${runId}${String(round)}`,
          logDir: dir,
          otlpEndpoint: sink.url,
        }
      )
      const drive = (seconds: number) =>
        startLoadgen([
          ...['-url', server.url, '-secret', secret, '-vendor', 'plain'],
          ...['-duration', `${String(seconds)}s`, '-connections', String(CONNECTIONS)],
        ]).result
      await drive(WARMUP_SECONDS)
      const ticks = machineTicks()
      const cpuBefore = treeCpuMs(server.process.pid)
      const threadsBefore = threadCpuMs(server.process.pid)
      const load = await drive(SECONDS)
      const cpuMs = treeCpuMs(server.process.pid) - cpuBefore
      const threadsAfter = threadCpuMs(server.process.pid)
      const machineIdlePercent = idleShare(ticks, machineTicks()) * 100
      await server.stop()
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))
      if (!file) throw new Error(`no profile in ${profileDir}`)
      const { ms, gc, total } = analyse(join(profileDir, file))
      // The profile covers the process's whole life; the warm-up's and start's share is small
      // against the load's and is spread over the load's webhooks alike for every variant.
      const twoXX = Object.entries(load.statuses)
        .filter(([status]) => status.startsWith('2'))
        .reduce((sum, [, n]) => sum + n, 0)
      const all = twoXX + (load.requests * WARMUP_SECONDS) / SECONDS
      const run: Run = {
        variant,
        round,
        load,
        twoXX,
        webhooksPerS: twoXX / load.elapsed_s,
        cpuMsPer2xx: cpuMs / twoXX,
        machineIdlePercent,
        usPer2xx: Object.fromEntries(
          Object.entries(ms).map(([part, value]) => [part, (value * 1000) / all])
        ),
        gcUsPer2xx: (gc * 1000) / all,
        threadUsPer2xx: Object.fromEntries(
          Object.entries(threadsAfter).map(([name, ms]) => [
            name,
            ((ms - (threadsBefore[name] ?? 0)) * 1000) / twoXX,
          ])
        ),
        profiledUsPer2xx: (total * 1000) / all,
      }
      runs.push(run)
      log(
        `round ${String(round)} ${variant}: ${fmt(run.webhooksPerS, 0)}/s, ${fmt(run.cpuMsPer2xx, 3)} ms CPU per 2xx, driver ${fmt(load.cpu_percent, 0)} % of a core, machine ${fmt(machineIdlePercent, 0)} % idle; profile ${fmt(run.profiledUsPer2xx, 0)} µs per webhook`
      )
    }
  }
} finally {
  await sink.stop()
  await broker.stop()
}

const parts = [...PARTS.map((p) => p.name), 'other']
/** Thread names that used CPU in some run, MainThread first. */
const threads = [...new Set(runs.flatMap((r) => Object.keys(r.threadUsPer2xx)))]
  .filter((t) => runs.some((r) => (r.threadUsPer2xx[t] ?? 0) > 0))
  .sort((a, b) => (a === 'MainThread' ? -1 : b === 'MainThread' ? 1 : a.localeCompare(b)))
const byVariant = VARIANTS.map((variant) => {
  const own = runs.filter((r) => r.variant === variant)
  return {
    variant,
    webhooksPerS: median(own.map((r) => r.webhooksPerS)),
    cpuMsPer2xx: median(own.map((r) => r.cpuMsPer2xx)),
    profiledUsPer2xx: median(own.map((r) => r.profiledUsPer2xx)),
    gcUsPer2xx: median(own.map((r) => r.gcUsPer2xx)),
    threadUsPer2xx: Object.fromEntries(
      threads.map((t) => [t, median(own.map((r) => r.threadUsPer2xx[t] ?? 0))])
    ),
    usPer2xx: Object.fromEntries(parts.map((p) => [p, median(own.map((r) => r.usPer2xx[p] ?? 0))])),
  }
})
writeResult('telemetry-profile.json', {
  date: new Date().toISOString(),
  rounds: ROUNDS,
  seconds: SECONDS,
  connections: CONNECTIONS,
  byVariant,
  runs: runs.map(({ load, ...rest }) => ({
    ...rest,
    driverCpuPercent: load.cpu_percent,
    p99Ms: load.latency_ms.p99,
  })),
})
const md = [
  '## Where telemetry costs CPU (µs per webhook answered 2xx, medians)',
  '',
  `${new Date().toISOString().slice(0, 10)}; ${String(ROUNDS)} rounds × ${String(SECONDS)} s at ${String(CONNECTIONS)} connections per variant, alternating; \`node --cpu-prof\` on the production command. ` +
    'A sample belongs to the nearest telemetry or bridge frame from its leaf (natives and Node internals count for their caller); GC has no stack. ' +
    'Profile times are sampled wall time of the main thread, so they exceed /proc CPU when the machine is busy.',
  '',
  markdownTable(
    ['', ...byVariant.map((v) => v.variant)],
    [
      ['webhooks/s', ...byVariant.map((v) => fmt(v.webhooksPerS, 0))],
      ['CPU per 2xx (/proc)', ...byVariant.map((v) => `${fmt(v.cpuMsPer2xx * 1000, 0)} µs`)],
      ...threads.map((t) => [
        `… on ${t} threads (/proc)`,
        ...byVariant.map((v) => `${fmt(v.threadUsPer2xx[t], 1)} µs`),
      ]),
      ['main thread in the profile', ...byVariant.map((v) => `${fmt(v.profiledUsPer2xx, 1)} µs`)],
      ['garbage collector', ...byVariant.map((v) => `${fmt(v.gcUsPer2xx, 1)} µs`)],
      ...parts.map((p) => [p, ...byVariant.map((v) => `${fmt(v.usPer2xx[p], 1)} µs`)]),
    ]
  ),
  '',
].join('\n')
writeResultText('telemetry-profile.md', md)
console.log(md)
