/**
 * The bridge as its own process, as production runs it (the Dockerfile's `CMD`: `node [V8 flags]
 * --import ./src/telemetry/register.js src/main.js`, in the image's `/app`, which is here
 * `dist/app` as `npm run build:app` builds it), on fixed loopback ports so it can be
 * restarted on the same ones, with its JSON log appended to a file. Readiness is read from the
 * admin listener (`GET /readyz` on `ADMIN_PORT`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { guardChild } from '../../scripts/kafka/child-guard.ts'
import { dockerfileExecCommand, dockerfileInstructions } from '../../scripts/dockerfile.ts'
import { PROJECT_ROOT } from '../../scripts/kafka/paths.ts'

/** Topic names of one bridge. */
export interface BridgeTopics {
  readonly conversations: string
  readonly customers: string
  readonly deadLetter: string
  /** The de-dup topic (`KAFKA_TOPIC_DEDUP`); default `<conversations>.dedup`. */
  readonly dedup?: string
}

/** How to start a bridge. */
export interface BridgeOptions {
  /** Webhook port (`PORT`) on 127.0.0.1. */
  readonly port: number
  /** Admin port (`ADMIN_PORT`) on 127.0.0.1: `/healthz`, `/readyz`, `/metrics`. */
  readonly adminPort: number
  readonly brokers: readonly string[]
  readonly topics: BridgeTopics
  /** Signing secret for Plain and HelpCrunch (`default` account). */
  readonly secret: string
  /** The bridge's stderr (JSON log lines) is appended here. */
  readonly logFile: string
  /** More variables, or overrides. */
  readonly env?: Readonly<Record<string, string>>
  /**
   * Extra Node options before the entry point (e.g. diagnostics); a `--name=value` one replaces
   * the production command's own `--name=…` (a variant's V8 setting, e.g. `--max-semi-space-size=4`).
   */
  readonly nodeArgs?: readonly string[]
  /**
   * Another checkout of the project to run the bridge from (an A/B baseline); default this one.
   * The command is still this checkout's Dockerfile's.
   */
  readonly root?: string
}

/** A running bridge process. */
export interface BridgeProcess {
  readonly child: ChildProcess
  readonly pid: number
  readonly webhookUrl: string
  readonly adminUrl: string
  /** Settles when the process ends: its exit code, or the signal that ended it. */
  readonly exited: Promise<string>
  /** Sends a signal (no-op once it exited). */
  kill(signal: NodeJS.Signals): void
  /** True until the process exited. */
  alive(): boolean
}

/** The environment of a bridge with these options: loopback only, no OpenTelemetry collector. */
export function bridgeEnv(options: BridgeOptions): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    ADMIN_HOST: '127.0.0.1',
    ADMIN_PORT: String(options.adminPort),
    KAFKA_BROKERS: options.brokers.join(','),
    KAFKA_TOPIC_CONVERSATIONS: options.topics.conversations,
    KAFKA_TOPIC_CUSTOMERS: options.topics.customers,
    KAFKA_TOPIC_DEADLETTER: options.topics.deadLetter,
    // Its own de-dup topic, kept across restarts of the same bridge (same topics).
    KAFKA_TOPIC_DEDUP: options.topics.dedup ?? `${options.topics.conversations}.dedup`,
    PLAIN_SIGNING_SECRETS: options.secret,
    HELPCRUNCH_SIGNING_KEYS: options.secret,
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    LOG_LEVEL: 'info',
    ...productionEnv(),
    ...options.env,
  }
}

/**
 * The environment the Dockerfile sets (`ENV NAME=value`, several pairs on one line, quoted values
 * and the legacy `ENV NAME value` form; e.g. `MALLOC_ARENA_MAX`), so the bridge is measured as it
 * runs in production; `{}` without a Dockerfile. Values that refer to other variables (`$`) are
 * skipped rather than guessed.
 */
export function productionEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const line of dockerfileInstructions('ENV')) {
    const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=\s].*)$/.exec(line)
    const pairs = legacy
      ? [[legacy[1]!, unquote(legacy[2]!.trim())] as const]
      : [...line.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)].map(
          ([, name, value]) => [name!, unquote(value!)] as const
        )
    for (const [name, value] of pairs) if (!value.includes('$')) env[name] = value
  }
  return env
}

const unquote = (value: string) =>
  /^"(.*)"$/s.test(value)
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : /^'(.*)'$/s.test(value)
      ? value.slice(1, -1)
      : value

/** The production command when the Dockerfile has none we can read. */
const DEFAULT_COMMAND = ['node', '--import', './src/telemetry/register.ts', 'src/main.ts']

/**
 * The bridge's production command: the Dockerfile's (last) exec-form `CMD ["node", …, "<entry>"]`
 * whose entry is a module of the project (so a V8 flag set there, e.g. `--max-semi-space-size`,
 * is measured too), else `npm start`'s documented `node --import ./src/telemetry/register.ts …
 * src/main.ts`. Paths are relative to the folder the bridge runs in ({@link bridgeDirectory}).
 */
export function productionCommand(): string[] {
  return dockerfileCommand() ?? DEFAULT_COMMAND
}

/** Where {@link productionCommand} came from, for reports. */
export function productionCommandSource(): 'Dockerfile CMD' | 'built-in default' {
  return dockerfileCommand() === undefined ? 'built-in default' : 'Dockerfile CMD'
}

const built = new Set<string>()

/**
 * Where the production command runs for the checkout `root`: the image runs compiled JavaScript
 * from `/app`, so a `.js` entry runs in `root/dist/app`, which this builds (`node
 * scripts/build-app.ts`) the first time it is asked for in this process, never trusting an
 * earlier build that could be stale; the built-in default runs the sources in `root`.
 */
export function bridgeDirectory(root: string = PROJECT_ROOT): string {
  if (!productionCommand().at(-1)!.endsWith('.js')) return root
  const dir = join(root, 'dist', 'app')
  if (!built.has(root)) {
    const run = spawnSync(process.execPath, ['scripts/build-app.ts'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (run.status !== 0) throw new Error(`could not build ${dir} (node scripts/build-app.ts)`)
    built.add(root)
  }
  return dir
}

/** True when `entry` (relative to the image's /app) is a module of the project, or compiled from one. */
const isProjectModule = (entry: string) =>
  existsSync(join(PROJECT_ROOT, entry)) ||
  existsSync(join(PROJECT_ROOT, entry.replace(/\.js$/, '.ts')))

function dockerfileCommand(): string[] | undefined {
  const args = dockerfileExecCommand()
  return args !== undefined &&
    args.length >= 2 &&
    args[0] === 'node' &&
    isProjectModule(args.at(-1)!)
    ? args
    : undefined
}

/** A Node process of the bench (a bridge or a comparison server) as started by {@link startNodeProcess}. */
export interface NodeProcess {
  readonly child: ChildProcess
  readonly pid: number
  /** Settles when the process ends: its exit code, or the signal that ended it. */
  readonly exited: Promise<string>
  /** Sends a signal (no-op once it exited). */
  kill(signal: NodeJS.Signals): void
  /** True until the process exited. */
  alive(): boolean
}

/**
 * Starts `node <args>` (this Node binary) in the project root (or `cwd`) with exactly `env`,
 * stdout and stderr appended to `logFile`; it is killed if this script exits first.
 */
export function startNodeProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  logFile: string,
  cwd: string = PROJECT_ROOT,
  executable: string = process.execPath
): NodeProcess {
  const log = openSync(logFile, 'a')
  const child = (() => {
    try {
      return spawn(executable, [...args], {
        cwd,
        env,
        stdio: ['ignore', log, log],
      })
    } finally {
      closeSync(log)
    }
  })()
  const pid = child.pid
  if (pid === undefined) throw new Error(`${executable} ${args.join(' ')} has no pid`)
  const unguard = guardChild({ child })
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      unguard()
      resolve(signal === null ? `exit code ${String(code)}` : `signal ${signal}`)
    })
  })
  const alive = () => child.exitCode === null && child.signalCode === null
  return {
    child,
    pid,
    exited,
    alive,
    kill: (signal) => {
      if (alive()) child.kill(signal)
    },
  }
}

/**
 * `extra` before `args`, without the `--name=…` options of `args` that `extra` sets again (for
 * V8's flags the last one would win, and Node's may not be repeated).
 */
export function withNodeArgs(args: readonly string[], extra: readonly string[]): string[] {
  const names = extra.filter((arg) => /^--[^=]+=/.test(arg)).map((arg) => arg.split('=')[0]!)
  return [...extra, ...args.filter((arg) => !names.includes(arg.split('=')[0]!))]
}

/** Starts the bridge; it is killed if this script exits first. Does not wait for readiness. */
export function startBridgeProcess(options: BridgeOptions): BridgeProcess {
  return {
    ...startNodeProcess(
      withNodeArgs(productionCommand().slice(1), options.nodeArgs ?? []),
      bridgeEnv(options),
      options.logFile,
      bridgeDirectory(options.root)
    ),
    webhookUrl: `http://127.0.0.1:${options.port}`,
    adminUrl: `http://127.0.0.1:${options.adminPort}`,
  }
}

/** A GET without keep-alive: its status and body, or `undefined` when there was no answer. */
export function httpGet(
  url: string,
  timeoutMs = 1000
): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body })
      })
      res.on('error', () => {
        resolve(undefined)
      })
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => {
      resolve(undefined)
    })
    req.end()
  })
}

/**
 * Polls `GET <adminUrl>/readyz` every 100 ms until it answers 200; resolves with the time that took
 * in ms, or `undefined` after `timeoutMs` (or once `stopIf` returns true, e.g. the process died).
 */
export async function waitReady(
  adminUrl: string,
  timeoutMs: number,
  stopIf: () => boolean = () => false
): Promise<number | undefined> {
  const started = performance.now()
  while (performance.now() - started < timeoutMs && !stopIf()) {
    const answer = await httpGet(`${adminUrl}/readyz`, 1000)
    if (answer?.status === 200) return Math.round(performance.now() - started)
    await sleep(100)
  }
  return undefined
}
