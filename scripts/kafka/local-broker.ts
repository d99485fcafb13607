import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { guardChild } from './child-guard.ts'
import { ensureKafkaJars, pinnedKafkaVersion } from './fetch-jars.ts'
import { LOOPBACK, findFreePort, isPortFree } from './free-port.ts'
import {
  BROKER_JVM_FLAGS,
  MIN_JAVA_VERSION,
  classpathOf,
  javaExecutable,
  javaProblem,
} from './java.ts'
import { tailFile } from './log-tail.ts'
import { KAFKA_DATA_ROOT, KAFKA_LOG4J2_CONFIG } from './paths.ts'
import { renderServerProperties } from './server-properties.ts'
import { formatStorage, randomClusterId, readClusterId } from './storage.ts'
import { waitForKafka } from './wait-ready.ts'

/** Options of {@link startLocalKafka}. */
export type StartLocalKafkaOptions = {
  /** Client port on 127.0.0.1; a free one is picked when omitted. */
  port?: number
  /** KRaft controller port on 127.0.0.1; a free one is picked when omitted. */
  controllerPort?: number
  /**
   * Folder owned by this broker: `server.properties`, `data/` (the Kafka logs) and `logs/`
   * (`broker.log` at WARN level, `console.log` for the JVM's own output).
   * Default: `.data/kafka/run-<port>`.
   */
  dataDir?: string
  /**
   * `false` (default): the folder is wiped before the start and deleted by `stop()`.
   * `true`: an already formatted folder is reused as it is (topics and messages survive a
   * stop/start on the same folder) and nothing is deleted.
   */
  keepData?: boolean
  /** Give up when the broker is not ready after this many milliseconds. Default 60 000. */
  startTimeoutMs?: number
  /** Receives progress lines (fetching jars, formatting, ready, stopped). */
  log?: (line: string) => void
}

/** A running local broker. */
export type LocalKafka = {
  /** Bootstrap addresses for clients, e.g. `['127.0.0.1:40123']`. */
  brokers: string[]
  /** Process id of the broker JVM. */
  pid: number
  /** Client port. */
  port: number
  /** Controller port. */
  controllerPort: number
  /** Absolute path of the broker's folder (see {@link StartLocalKafkaOptions.dataDir}). */
  dataDir: string
  /** The broker's log file (WARN level). */
  logFile: string
  /** Settles when the broker process ends, for whatever reason, with how it ended. */
  exited: Promise<string>
  /**
   * Stops the broker: SIGTERM, then SIGKILL if it is still running after 10 s; then deletes
   * the folder unless `keepData` was set. Safe to call more than once.
   */
  stop(): Promise<void>
}

const STOP_GRACE_MS = 10_000

/**
 * Why a local broker could not start. `summary` is one line that names the problem and the fix
 * (what `npm start` prints); `message` adds the detail, such as Maven's output or the broker's
 * log tails, on the lines after it.
 */
export class LocalKafkaError extends Error {
  override readonly name = 'LocalKafkaError'
  readonly summary: string
  constructor(summary: string, detail?: string, options?: ErrorOptions) {
    super(detail === undefined ? summary : `${summary}\n${detail}`, options)
    this.summary = summary
  }
}

/** The other way out, for every failure: a Kafka that already runs. */
const OR_BROKERS = 'or set KAFKA_BROKERS to use a running Kafka'

/** The jars, or a {@link LocalKafkaError} saying why Maven could not fetch them. */
async function kafkaJars(log: (line: string) => void): Promise<string> {
  try {
    return await ensureKafkaJars({ log })
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ENOENT') {
      throw new LocalKafkaError(
        `cannot start a local Kafka: mvn not found on PATH, and it is needed once to fetch the Kafka jars (install Maven, ${OR_BROKERS})`,
        undefined,
        { cause: error }
      )
    }
    const reason = error instanceof Error ? error.message : String(error)
    throw new LocalKafkaError(
      `cannot start a local Kafka: Maven could not fetch the Kafka jars (\`npm run kafka:fetch\` shows why; ${OR_BROKERS})`,
      reason,
      { cause: error }
    )
  }
}

async function pickPorts(port?: number, controllerPort?: number): Promise<[number, number]> {
  const client = port ?? (await findFreePort())
  let controller = controllerPort ?? (await findFreePort())
  while (controller === client) controller = await findFreePort()
  for (const [name, value] of [
    ['port', client],
    ['controllerPort', controller],
  ] as const) {
    if (!(await isPortFree(value))) {
      throw new LocalKafkaError(
        `cannot start a local Kafka: its ${name} ${value} on ${LOOPBACK} is already in use (another broker still running? stop it, ${OR_BROKERS})`
      )
    }
  }
  return [client, controller]
}

async function logTails(brokerLog: string, consoleLog: string): Promise<string> {
  const parts: string[] = []
  const broker = await tailFile(brokerLog)
  if (broker !== '') parts.push(`--- tail of ${brokerLog} ---\n${broker}`)
  const jvm = await tailFile(consoleLog)
  if (jvm !== '') parts.push(`--- tail of ${consoleLog} ---\n${jvm}`)
  return parts.length === 0 ? '(the broker wrote no log)' : parts.join('\n')
}

/**
 * Starts a single-node KRaft Apache Kafka broker (jars fetched with Maven on first use) on
 * 127.0.0.1 and resolves once a kafkajs admin client can connect and list topics. Every failure
 * to start is a {@link LocalKafkaError} whose `summary` is one line with the fix (no Java 17, no
 * Maven, a port taken, a broker that did not come up).
 * The broker JVM runs in its own process group, so a Ctrl-C in the terminal reaches only the
 * Node process; it is killed anyway if Node exits or is stopped by SIGINT/SIGTERM/SIGHUP before
 * `stop()` (unless the application handles those signals itself and calls `stop()`).
 */
export async function startLocalKafka(options: StartLocalKafkaOptions = {}): Promise<LocalKafka> {
  const log = options.log ?? (() => undefined)
  const keepData = options.keepData ?? false
  const timeoutMs = options.startTimeoutMs ?? 60_000

  const problem = await javaProblem()
  if (problem !== undefined) {
    throw new LocalKafkaError(
      `cannot start a local Kafka: ${problem} (install Java ${MIN_JAVA_VERSION} or set JAVA_HOME, ${OR_BROKERS})`
    )
  }
  const libsDir = await kafkaJars(log)
  const version = await pinnedKafkaVersion()
  const [port, controllerPort] = await pickPorts(options.port, options.controllerPort)
  const dataDir = resolve(options.dataDir ?? join(KAFKA_DATA_ROOT, `run-${port}`))
  const logDirs = join(dataDir, 'data')
  const logsDir = join(dataDir, 'logs')
  const brokerLog = join(logsDir, 'broker.log')
  const consoleLog = join(logsDir, 'console.log')
  const configPath = join(dataDir, 'server.properties')
  const brokers = [`${LOOPBACK}:${port}`]

  if (!keepData) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 })
  await mkdir(logDirs, { recursive: true })
  await mkdir(logsDir, { recursive: true })
  await writeFile(configPath, renderServerProperties({ port, controllerPort, logDirs }))

  let clusterId = keepData ? await readClusterId(logDirs) : undefined
  if (clusterId === undefined) {
    clusterId = randomClusterId()
    try {
      await formatStorage({ libsDir, configPath, clusterId })
    } catch (error) {
      throw new LocalKafkaError(
        `cannot start a local Kafka: formatting its storage in ${logDirs} failed (${OR_BROKERS})`,
        error instanceof Error ? error.message : String(error),
        { cause: error }
      )
    }
    log(`formatted ${logDirs} (cluster ${clusterId})`)
  }

  const started = performance.now()
  const out = openSync(consoleLog, 'a')
  const child = (() => {
    try {
      return spawn(
        javaExecutable(),
        [
          ...BROKER_JVM_FLAGS,
          `-Dlog4j2.configurationFile=${KAFKA_LOG4J2_CONFIG}`,
          `-Dkafka.logs.dir=${logsDir}`,
          '-cp',
          classpathOf(libsDir),
          'kafka.Kafka',
          configPath,
        ],
        { cwd: dataDir, detached: true, stdio: ['ignore', out, out] }
      )
    } finally {
      closeSync(out)
    }
  })()

  const exited = new Promise<string>((resolveExit) => {
    child.once('exit', (code, signal) => {
      resolveExit(signal === null ? `exit code ${String(code)}` : `signal ${signal}`)
    })
    child.once('error', (error) => {
      resolveExit(`spawn error: ${error.message}`)
    })
  })
  const unguard = guardChild(keepData ? { child } : { child, removeDir: dataDir })
  const earlyExit = new AbortController()
  void exited.then((how) => {
    earlyExit.abort(new Error(`the broker process ended during start-up (${how})`))
  })

  try {
    await waitForKafka(brokers, { timeoutMs, clusterId, signal: earlyExit.signal })
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
    unguard()
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    throw new LocalKafkaError(
      `cannot start a local Kafka ${version} on ${brokers.join(',')}: ${reason} (its logs are in ${logsDir}; ${OR_BROKERS})`,
      `(folder kept for inspection: ${dataDir})\n${await logTails(brokerLog, consoleLog)}`,
      { cause: error }
    )
  }
  const pid = child.pid
  if (pid === undefined) throw new Error('the broker process has no pid')
  log(
    `Kafka ${version} ready on ${brokers.join(',')} in ${((performance.now() - started) / 1000).toFixed(1)} s (pid ${pid})`
  )

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
        await exited
        clearTimeout(timer)
      }
      unguard()
      if (!keepData) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 })
      log(`Kafka on ${brokers.join(',')} stopped`)
    })()
    return stopping
  }

  return { brokers, pid, port, controllerPort, dataDir, logFile: brokerLog, exited, stop }
}
