/**
 * The systems `npm run bench` compares, and how each is started. A variant is one entry of
 * {@link SERVERS}: a kind plus environment, e.g.
 * `{ name: 'switchboard-2w', label: 'Switchboard, 2 workers', kind: 'switchboard', env: { SWITCHBOARD_WORKERS: '2' } }`.
 * Every server gets topics of its own, so its records can be counted after the load.
 */
import { join } from 'node:path'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import {
  productionCommand,
  productionEnv,
  startBridgeProcess,
  startNodeProcess,
  withNodeArgs,
  waitReady,
  type NodeProcess,
} from '../lib/bridge.ts'
import { createTopics } from '../lib/kafka.ts'
import { buildGoBridge } from '../lib/loadgen.ts'
import { PROJECT_ROOT } from '../../scripts/kafka/paths.ts'
import type { Kafka } from 'kafkajs'

/**
 * ceiling: Hono answering 202; floor: Hono + one batched kafkajs record, no checks; naive: HMAC +
 * one awaited send; gobridge: a lean Go bridge (bench/gobridge: HMAC, map, franz-go idempotent
 * produce); switchboard: the production command.
 */
export type ServerKind = 'ceiling' | 'floor' | 'naive' | 'gobridge' | 'switchboard'

/** One system under test. */
export interface ServerSpec {
  /** Its name in `--servers` and in the results. */
  readonly name: string
  /** Its name in tables and the chart. */
  readonly label: string
  readonly kind: ServerKind
  /** Variables added to (or overriding) the kind's environment. */
  readonly env?: Readonly<Record<string, string>>
  /** Node options before the entry point (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[]
  /** Switchboard only: run it from this other checkout (an A/B baseline, `--baseline`). */
  readonly root?: string
  /** Part of a run without `--servers`. */
  readonly byDefault: boolean
}

/** Every known server, in table order. */
export const SERVERS: readonly ServerSpec[] = [
  { name: 'ceiling', label: 'ceiling (Hono, read body, 202)', kind: 'ceiling', byDefault: true },
  {
    // The least any bridge on Hono + kafkajs pays per webhook (bench/servers/floor.ts).
    name: 'floor',
    label: 'transport floor (Hono + batched kafkajs send)',
    kind: 'floor',
    byDefault: true,
  },
  { name: 'naive', label: 'naive bridge (HMAC + awaited send)', kind: 'naive', byDefault: true },
  {
    // The comparison: a Go bridge that verifies, maps and produces idempotently (franz-go).
    name: 'gobridge',
    label: 'Go bridge (HMAC, map, franz-go idempotent produce)',
    kind: 'gobridge',
    byDefault: true,
  },
  {
    // As production runs it: spans and metrics exported over OTLP/HTTP (to the bench's sink, which
    // accepts and discards), info-level logs (one line per webhook), the Dockerfile's command.
    name: 'switchboard',
    label: 'Switchboard, telemetry on',
    kind: 'switchboard',
    byDefault: true,
  },
  {
    name: 'switchboard-otel-off',
    label: 'Switchboard, OTEL_SDK_DISABLED, warn logs',
    kind: 'switchboard',
    env: { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' },
    byDefault: true,
  },
  {
    // The per-webhook log line alone: no SDK, info-level logs.
    name: 'switchboard-otel-off-info',
    label: 'Switchboard, OTEL_SDK_DISABLED, info logs',
    kind: 'switchboard',
    env: { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'info' },
    byDefault: false,
  },
  {
    // Spans made but not exported (the bench's setting before issue 21).
    name: 'switchboard-traces-none',
    label: 'Switchboard, OTEL_TRACES_EXPORTER=none',
    kind: 'switchboard',
    env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
    byDefault: false,
  },
  {
    // Tracer provider, context manager and propagator as in production, but no span recorded or
    // exported: what recording and exporting spans cost, apart from carrying trace context.
    name: 'switchboard-sampler-off',
    label: 'Switchboard, OTEL_TRACES_SAMPLER=always_off',
    kind: 'switchboard',
    env: { OTEL_TRACES_SAMPLER: 'always_off' },
    byDefault: false,
  },
  {
    // Spans made and recorded as in production, none exported: a preload makes the SDK's batch
    // processor drop each span as it ends. Against production, what exporting costs; against
    // sampler-off, what recording does.
    name: 'switchboard-record-only',
    label: 'Switchboard, spans recorded, none exported',
    kind: 'switchboard',
    nodeArgs: ['--import', join(PROJECT_ROOT, 'bench', 'servers', 'record-only.js')],
    byDefault: false,
  },
  {
    // Smaller export batches: spans wait ~16 ms instead of ~128 ms at 4,000/s before export, so
    // fewer survive the young generation into the old one.
    name: 'switchboard-bsp-64',
    label: 'Switchboard, OTEL_BSP_MAX_EXPORT_BATCH_SIZE=64',
    kind: 'switchboard',
    env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64' },
    byDefault: false,
  },
  {
    // OTLP/HTTP with JSON bodies instead of protobuf: which encoder costs less per span.
    name: 'switchboard-otlp-json',
    label: 'Switchboard, OTEL_EXPORTER_OTLP_PROTOCOL=http/json',
    kind: 'switchboard',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    byDefault: false,
  },
  {
    // Spans exported, metrics not: what exporting metrics every interval costs.
    name: 'switchboard-metrics-none',
    label: 'Switchboard, OTEL_METRICS_EXPORTER=none',
    kind: 'switchboard',
    env: { OTEL_METRICS_EXPORTER: 'none' },
    byDefault: false,
  },
  {
    // Half the young generation of the production command (issue 21's memory goal): RSS against
    // the CPU of twice as many scavenges.
    name: 'switchboard-semi-4',
    label: 'Switchboard, --max-semi-space-size=4',
    kind: 'switchboard',
    nodeArgs: ['--max-semi-space-size=4'],
    byDefault: false,
  },
  {
    // The operator console's price per webhook (issue 22): no console, no copy of the log lines.
    name: 'switchboard-console-off',
    label: 'Switchboard, CONSOLE_ENABLED=false',
    kind: 'switchboard',
    env: { CONSOLE_ENABLED: 'false' },
    byDefault: true,
  },
  {
    // The price of de-duplication kept in Kafka (issue 12): the same bridge, window in memory only.
    name: 'switchboard-dedup-memory',
    label: 'Switchboard, DEDUP_STORE=memory',
    kind: 'switchboard',
    env: { DEDUP_STORE: 'memory' },
    byDefault: false,
  },
  {
    name: 'switchboard-linger-0',
    label: 'Switchboard, PUBLISH_LINGER_MS=0',
    kind: 'switchboard',
    env: { PUBLISH_LINGER_MS: '0' },
    byDefault: false,
  },
  {
    // Checks the check: its conversations go to a topic the bench does not count, so the bench
    // must report a shortfall and exit 1 (`--servers selftest-wrong-topic`).
    name: 'selftest-wrong-topic',
    label: 'self-test: publishes to another topic',
    kind: 'switchboard',
    env: { KAFKA_TOPIC_CONVERSATIONS: 'bench-selftest-elsewhere' },
    byDefault: false,
  },
]

/** What every server needs from the bench. */
export interface ServerContext {
  readonly brokers: readonly string[]
  readonly kafka: Kafka
  /** Signing secret of both vendors. */
  readonly secret: string
  /** Makes topic names unique to this run. */
  readonly runId: string
  /** Each server's output goes to `<logDir>/<name>.log`. */
  readonly logDir: string
  /**
   * The OTLP/HTTP collector Switchboard exports its spans and metrics to, as in production (the
   * bench's sink); a variant's own `OTEL_*` settings override it.
   */
  readonly otlpEndpoint?: string
}

/** A started, ready server. */
export interface RunningServer {
  readonly spec: ServerSpec
  readonly process: NodeProcess
  /** Base URL of the webhook routes (`/webhooks/<vendor>`). */
  readonly url: string
  /** Where its records land (`[]`: it publishes nothing); counted for the records-landed check. */
  readonly topics: readonly string[]
  /** The command line, for the report. */
  readonly command: string
  /** SIGTERM, SIGKILL after 20 s. */
  stop(): Promise<void>
}

/**
 * Partitions of the naive bridge's topic: Switchboard's default (`KAFKA_TOPIC_PARTITIONS`).
 * Switchboard creates its own topics (it knows the settings they need).
 */
const PARTITIONS = 6

/**
 * The production command's Node options without its preloads (`--import`, `--require`): the
 * runtime settings (e.g. `--max-semi-space-size`) the comparison servers share with Switchboard.
 */
function runtimeFlags(): string[] {
  const args = productionCommand().slice(1, -1)
  return args.filter(
    (arg, i) =>
      !/^--(import|require|experimental-loader|loader)(=|$)/.test(arg) &&
      !/^--(import|require|experimental-loader|loader)$/.test(args[i - 1] ?? '') &&
      arg !== '-r'
  )
}

/** Starts `spec` and waits until it is ready (90 s at most). */
export async function startServer(spec: ServerSpec, ctx: ServerContext): Promise<RunningServer> {
  const port = await findFreePort()
  const logFile = join(ctx.logDir, `${spec.name}.log`)
  const prefix = `bench-${spec.name}-${ctx.runId}`
  let child: NodeProcess
  let readyUrl: string
  let topics: string[]
  let command: string[]
  if (spec.kind === 'switchboard') {
    const adminPort = await findFreePort()
    const bridgeTopics = {
      conversations: `${prefix}-conversations`,
      customers: `${prefix}-customers`,
      deadLetter: `${prefix}-deadletter`,
    }
    topics = [bridgeTopics.conversations, bridgeTopics.customers]
    child = startBridgeProcess({
      port,
      adminPort,
      brokers: ctx.brokers,
      topics: bridgeTopics,
      secret: ctx.secret,
      logFile,
      ...(spec.nodeArgs && { nodeArgs: spec.nodeArgs }),
      ...(spec.root !== undefined && { root: spec.root }),
      env: {
        ...(ctx.otlpEndpoint !== undefined && {
          OTEL_EXPORTER_OTLP_ENDPOINT: ctx.otlpEndpoint,
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_METRICS_EXPORTER: 'otlp',
        }),
        ...spec.env,
      },
    })
    readyUrl = `http://127.0.0.1:${adminPort}`
    command = ['node', ...withNodeArgs(productionCommand().slice(1), spec.nodeArgs ?? [])]
  } else {
    const file = `bench/servers/${spec.kind}.ts`
    topics = spec.kind === 'ceiling' ? [] : [`${prefix}-records`]
    if (topics.length > 0) await createTopics(ctx.kafka, topics, PARTITIONS)
    const native = spec.kind === 'gobridge'
    command = native
      ? [await buildGoBridge()]
      : ['node', ...runtimeFlags(), ...(spec.nodeArgs ?? []), file]
    child = startNodeProcess(
      command.slice(1),
      {
        PATH: process.env['PATH'] ?? '',
        ...productionEnv(),
        HOST: '127.0.0.1',
        PORT: String(port),
        KAFKA_BROKERS: ctx.brokers.join(','),
        NAIVE_TOPIC: topics[0] ?? '',
        PLAIN_SIGNING_SECRETS: ctx.secret,
        HELPCRUNCH_SIGNING_KEYS: ctx.secret,
        ...spec.env,
      },
      logFile,
      PROJECT_ROOT,
      native ? command[0] : process.execPath
    )
    readyUrl = `http://127.0.0.1:${port}`
  }
  const started = child
  const readyMs = await waitReady(readyUrl, 90_000, () => !started.alive())
  if (readyMs === undefined) {
    started.kill('SIGKILL')
    throw new Error(`${spec.name} did not become ready (log: ${logFile})`)
  }
  return {
    spec,
    process: started,
    url: `http://127.0.0.1:${port}`,
    topics,
    command: command.join(' '),
    stop: async () => {
      started.kill('SIGTERM')
      const timer = setTimeout(() => {
        started.kill('SIGKILL')
      }, 20_000)
      await started.exited
      clearTimeout(timer)
    },
  }
}
