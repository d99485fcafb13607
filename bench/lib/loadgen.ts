/**
 * The native load driver (`bench/loadgen`, Go, standard library only) from TypeScript: build it,
 * run it, read its JSON result, progress lines and JSON-lines event log.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createReadStream, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { PROJECT_ROOT } from '../../scripts/kafka/paths.ts'
import { run } from './process.ts'

/** Where the scripts build the driver (`.data/` is git-ignored). */
export const LOADGEN_BIN = join(PROJECT_ROOT, '.data', 'bin', 'loadgen')

/** Where the bench builds its Go bridge (bench/gobridge). */
export const GOBRIDGE_BIN = join(PROJECT_ROOT, '.data', 'bin', 'gobridge')

/**
 * `go build -o .data/bin/<name>`, run in `bench/<name>` (its own module: the repository root has
 * no go.mod, so `./bench/<name>` would not resolve from there).
 */
async function buildGoProgram(name: string, bin: string): Promise<string> {
  mkdirSync(join(PROJECT_ROOT, '.data', 'bin'), { recursive: true })
  await run('go', ['build', '-o', bin, '.'], { cwd: join(PROJECT_ROOT, 'bench', name) })
  return bin
}

/** Builds the load generator (bench/loadgen). */
export const buildLoadgen = (): Promise<string> => buildGoProgram('loadgen', LOADGEN_BIN)

/** Builds the Go bridge the bench compares with (bench/gobridge). */
export const buildGoBridge = (): Promise<string> => buildGoProgram('gobridge', GOBRIDGE_BIN)

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

/** One answer of the bridge to one delivery attempt (`status` 0: none). */
export interface Answer {
  readonly attempt: number
  /** When the request was sent, Unix ms. */
  readonly t: number
  readonly ms: number
  readonly status: number
  readonly body_status?: string
  readonly reason?: string
  readonly ids?: string[]
  readonly error?: string
  readonly undocumented?: boolean
  readonly body?: string
}

/** A noteworthy answer kept in the result. */
export type Sample = Answer & { readonly id: string; readonly vendor: string }

/** The JSON result of a closed- or open-loop run. */
export interface LoadResult {
  readonly mode: string
  readonly vendors: string
  readonly connections: number
  readonly id_prefix: string
  readonly elapsed_s: number
  readonly events: number
  readonly requests: number
  readonly retries: number
  readonly skipped?: number
  readonly requests_per_s: number
  readonly acknowledged_per_s: number
  readonly acknowledged: number
  /** Ids in the 202 `accepted` answers: the records those answers say they put on Kafka. */
  readonly accepted_ids?: number
  /** The driver's own CPU time over the load (utime + stime from /proc/self/stat), in ms. */
  readonly cpu_ms?: number
  /** That as a percentage of one core over the elapsed time (100: one core saturated). */
  readonly cpu_percent?: number
  /** Go's GOMAXPROCS in the driver. */
  readonly gomaxprocs?: number
  readonly latency_ms: LatencySummary
  readonly statuses: Record<string, number>
  readonly answers: Record<string, number>
  readonly outcomes: Record<string, number>
  readonly undocumented: number
  readonly hung: number
  readonly transport_errors: number
  readonly first_ack_at?: number
  readonly undocumented_samples?: Sample[]
  readonly hung_samples?: Sample[]
  readonly transport_error_samples?: Sample[]
}

/** The JSON result of a slow-client run. */
export interface SlowResult {
  readonly mode: 'slow'
  readonly kind: string
  readonly connections: number
  readonly elapsed_s: number
  readonly opened: number
  readonly dial_errors: number
  readonly peak_open: number
  readonly closed_by_server: number
  readonly answers: Record<string, number>
  readonly held_s: LatencySummary
  readonly still_open_at_end: number
  readonly bytes_trickled: number
  readonly answer_samples?: string[]
}

/** A progress line (`-progress`). */
export interface Progress {
  readonly elapsed_s: number
  readonly events: number
  readonly requests: number
  readonly acknowledged: number
  readonly accepted: number
  readonly undocumented: number
  readonly hung: number
  readonly pending_retries: number
  readonly in_flight: number
}

/** A running driver: its process and its result once it exits. */
export interface LoadgenRun<R> {
  readonly child: ChildProcess
  readonly result: Promise<R>
  /** SIGTERM: no new events; the retries still run. */
  stop(): void
  /** SIGTERM twice: no new events and no more retries; what is in flight finishes. */
  abort(): void
}

/**
 * Starts the driver with `args` (flags, see `bench/loadgen/main.go`), in the project root so the
 * default fixture templates resolve. Progress lines go to `onProgress`, other stderr to the console.
 */
export function startLoadgen<R = LoadResult>(
  args: readonly string[],
  onProgress: (progress: Progress) => void = () => undefined
): LoadgenRun<R> {
  const child = spawn(LOADGEN_BIN, args, {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith('{"progress":true')) onProgress(JSON.parse(line) as Progress)
    else process.stderr.write(`[loadgen] ${line}\n`)
  })
  const result = new Promise<R>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`loadgen ${args.join(' ')} exited ${String(code)}`))
        return
      }
      try {
        resolve(JSON.parse(stdout) as R)
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)))
      }
    })
  })
  return {
    child,
    result,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM')
    },
    abort: () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      setTimeout(() => {
        if (child.exitCode === null) child.kill('SIGTERM')
      }, 100).unref()
    },
  }
}

/** One line of the driver's `-log`: an event with every answer it got. */
export interface EventLogLine {
  readonly id: string
  readonly vendor: string
  readonly outcome: string
  readonly acknowledged: boolean
  readonly attempts: number
  readonly answers: Answer[]
}

/** Reads a `-log` file line by line. */
export async function* readEventLog(file: string): AsyncGenerator<EventLogLine> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
  for await (const line of lines) {
    if (line !== '') yield JSON.parse(line) as EventLogLine
  }
}

/** What the OTLP sink (`loadgen -mode sink`) received, by path (`/v1/traces`, `/v1/metrics`). */
export interface SinkResult {
  readonly requests: Record<string, number>
  readonly bytes: Record<string, number>
  /** The sink's own CPU time over its life, in ms. */
  readonly cpu_ms: number
}

/** A running OTLP/HTTP sink that accepts and discards. */
export interface OtlpSink {
  /** `http://host:port`, for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly url: string
  readonly pid: number
  /** SIGTERM; resolves with what it received. */
  stop(): Promise<SinkResult>
}

/**
 * Starts `loadgen -mode sink` on a free loopback port: an OTLP/HTTP collector that reads every
 * export and keeps nothing (Go, so that it costs the machine little), so a bridge can export its
 * spans and metrics as in production.
 */
export async function startSink(): Promise<OtlpSink> {
  const child = spawn(LOADGEN_BIN, ['-mode', 'sink', '-listen', '127.0.0.1:0'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const pid = child.pid
  if (pid === undefined) throw new Error('the OTLP sink has no pid')
  const lines = createInterface({ input: child.stdout })
  const received: string[] = []
  let onLine: ((line: string) => void) | undefined
  lines.on('line', (line) => {
    received.push(line)
    onLine?.(line)
  })
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const first = await new Promise<string>((resolve, reject) => {
    if (received[0] !== undefined) resolve(received[0])
    onLine = resolve
    child.once('error', reject)
    void closed.then(() => reject(new Error('the OTLP sink exited before it listened')))
  })
  const { listening } = JSON.parse(first) as { listening: string }
  return {
    url: `http://${listening}`,
    pid,
    stop: async () => {
      child.kill('SIGTERM')
      await closed
      return JSON.parse(received.at(-1) ?? '{}') as SinkResult
    },
  }
}
