/**
 * The chaos bench's moving parts: one local broker on fixed ports and a fixed data folder (so it
 * can be killed and restarted as the same broker), the bridge as its own process on fixed ports
 * (restarted on the same ones), and the Go driver retrying as the vendors do.
 */
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Kafka } from 'kafkajs'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { startLocalKafka, type LocalKafka } from '../../scripts/kafka/local-broker.ts'
import { KAFKA_DATA_ROOT } from '../../scripts/kafka/paths.ts'
import {
  httpGet,
  startBridgeProcess,
  waitReady,
  type BridgeProcess,
  type BridgeTopics,
} from '../lib/bridge.ts'
import { benchKafka } from '../lib/kafka.ts'
import { startLoadgen, type LoadgenRun, type LoadResult } from '../lib/loadgen.ts'

/** How the legitimate load is driven in every scenario. */
export interface LoadShape {
  /** New unique webhooks per second (open loop, Plain and HelpCrunch alternating). */
  readonly rate: number
  /** Deliveries per webhook at most; retries back off 1 s, 2 s, 4 s, 8 s, 8 s… */
  readonly attempts: number
  /** Most requests in flight at once. */
  readonly maxInFlight: number
}

/** Distinct free loopback ports, found once for the whole run. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>()
  for (let tries = 0; ports.size < count && tries < 100; tries++) ports.add(await findFreePort())
  if (ports.size < count) throw new Error('could not find free ports')
  return [...ports]
}

/** The broker, the bridge and the driver of a chaos run. */
export class ChaosHarness {
  readonly secret = randomBytes(24).toString('hex')
  readonly runId = randomBytes(3).toString('hex')
  #broker: LocalKafka | undefined
  #bridge: BridgeProcess | undefined
  #topics: BridgeTopics | undefined
  /** Variables added to the bridge's environment for the current scenario (e.g. `SPOOL_DIR`). */
  bridgeExtraEnv: Readonly<Record<string, string>> = {}
  #stopped = false
  #kafka: Kafka | undefined

  readonly dir: string
  readonly load: LoadShape
  readonly ports: { bridge: number; admin: number; kafka: number; controller: number }
  readonly brokerDir: string
  readonly log: (line: string) => void

  private constructor(
    dir: string,
    load: LoadShape,
    ports: { bridge: number; admin: number; kafka: number; controller: number },
    brokerDir: string,
    log: (line: string) => void
  ) {
    this.dir = dir
    this.load = load
    this.ports = ports
    this.brokerDir = brokerDir
    this.log = log
  }

  static async create(dir: string, load: LoadShape, log: (line: string) => void) {
    const [bridge, admin, kafka, controller] = (await distinctFreePorts(4)) as [
      number,
      number,
      number,
      number,
    ]
    const brokerDir = join(KAFKA_DATA_ROOT, `chaos-${String(kafka)}`)
    await rm(brokerDir, { recursive: true, force: true })
    const harness = new ChaosHarness(
      dir,
      load,
      { bridge, admin, kafka, controller },
      brokerDir,
      log
    )
    await harness.startBroker()
    return harness
  }

  get brokers(): string[] {
    return [`127.0.0.1:${String(this.ports.kafka)}`]
  }

  get broker(): LocalKafka {
    if (!this.#broker) throw new Error('the broker is not running')
    return this.#broker
  }

  get bridge(): BridgeProcess {
    if (!this.#bridge) throw new Error('the bridge is not running')
    return this.#bridge
  }

  /** A kafkajs client for reading the topics. */
  get kafka(): Kafka {
    this.#kafka ??= benchKafka(this.brokers, 'switchboard-chaos')
    return this.#kafka
  }

  /** Starts the broker on the run's ports and data folder (kept: topics survive a restart). */
  async startBroker(): Promise<void> {
    this.#broker = await startLocalKafka({
      port: this.ports.kafka,
      controllerPort: this.ports.controller,
      dataDir: this.brokerDir,
      keepData: true,
      startTimeoutMs: 90_000,
      log: (line) => {
        this.log(`kafka: ${line}`)
      },
    })
  }

  /** SIGKILLs the broker and waits until the process is gone. */
  async killBroker(): Promise<void> {
    const broker = this.broker
    process.kill(broker.pid, 'SIGKILL')
    await broker.exited
    await broker.stop() // only unregisters it: the process is gone and the data is kept
    this.#broker = undefined
  }

  /** Fresh topics for a scenario (the bridge creates them). */
  topicsFor(scenario: string): BridgeTopics {
    const name = (kind: string) => `chaos-${scenario}-${kind}-${this.runId}`
    this.#topics = {
      conversations: name('conversations'),
      customers: name('customers'),
      deadLetter: name('deadletter'),
    }
    return this.#topics
  }

  /** Starts the bridge on the run's ports with the current topics; does not wait. */
  spawnBridge(): BridgeProcess {
    if (!this.#topics) throw new Error('no topics yet')
    if (this.#bridge?.alive()) throw new Error('a bridge is still running')
    this.#bridge = startBridgeProcess({
      port: this.ports.bridge,
      adminPort: this.ports.admin,
      brokers: this.brokers,
      topics: this.#topics,
      secret: this.secret,
      logFile: join(this.dir, 'bridge.log'),
      env: this.bridgeExtraEnv,
    })
    return this.#bridge
  }

  /** Starts the bridge and waits for `/readyz` 200; resolves with how long that took. */
  async startBridge(): Promise<number> {
    const bridge = this.spawnBridge()
    const ms = await waitReady(bridge.adminUrl, 60_000, () => !bridge.alive())
    if (ms === undefined) {
      throw new Error(
        `the bridge did not become ready (${await bridge.exited.then(
          (how) => how,
          () => 'still running'
        )}); see ${join(this.dir, 'bridge.log')}`
      )
    }
    return ms
  }

  /** SIGTERM (then SIGKILL after `graceMs`); resolves with how it ended. */
  async stopBridge(graceMs = 20_000): Promise<string> {
    const bridge = this.#bridge
    if (!bridge) return 'not running'
    bridge.kill('SIGTERM')
    const timer = setTimeout(() => {
      bridge.kill('SIGKILL')
    }, graceMs)
    const how = await bridge.exited
    clearTimeout(timer)
    return how
  }

  /**
   * The legitimate load for `seconds`: an open loop at the run's rate, every failure retried with
   * backoff as the vendors do, logged per event to `<dir>/<name>.jsonl`.
   */
  startLoad(
    name: string,
    seconds: number,
    rate = this.load.rate
  ): { run: LoadgenRun<LoadResult>; eventLog: string } {
    const eventLog = join(this.dir, `${name}.jsonl`)
    const run = startLoadgen([
      '-mode',
      'open',
      '-url',
      `http://127.0.0.1:${String(this.ports.bridge)}`,
      '-secret',
      this.secret,
      '-vendor',
      'mixed',
      '-rate',
      String(rate),
      '-connections',
      String(this.load.maxInFlight),
      '-duration',
      `${String(seconds)}s`,
      '-attempts',
      String(this.load.attempts),
      '-backoff',
      '1s',
      '-backoff-max',
      '8s',
      '-timeout',
      '30s',
      // Bounded: retries still pending this long after the load ended are abandoned.
      '-max-wall',
      `${String(seconds + 75)}s`,
      '-id-prefix',
      `${name}-${this.runId}-`,
      '-log',
      eventLog,
    ])
    return { run, eventLog }
  }

  /** Stops everything this harness started and removes the broker's folder. */
  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    await this.stopBridge().catch(() => undefined)
    if (this.#broker) {
      try {
        process.kill(this.#broker.pid, 'SIGCONT') // in case a scenario left it stopped
      } catch {
        // gone already
      }
      await this.#broker.stop()
    }
    await rm(this.brokerDir, { recursive: true, force: true, maxRetries: 3 })
  }
}

/** Polls `/readyz` from `since` (Unix ms) until 200: ms from `since`, or undefined after `timeoutMs`. */
export async function readyAfter(
  adminUrl: string,
  since: number,
  timeoutMs = 60_000
): Promise<number | undefined> {
  const ms = await waitReady(adminUrl, timeoutMs)
  return ms === undefined ? undefined : Date.now() - since
}

export { sleep }

/** A change of `/readyz`: ms since the watch began, and the status (0: no answer). */
export interface ReadinessChange {
  readonly ms: number
  readonly status: number
}

/**
 * Polls `/readyz` every 250 ms in the background and records each change of its answer (200, 503,
 * or 0 while nothing answers, e.g. the bridge restarting). `stop()` ends it and returns the changes.
 */
export function watchReadiness(adminUrl: string): { stop(): Promise<ReadinessChange[]> } {
  const started = Date.now()
  const changes: ReadinessChange[] = []
  const done = new AbortController()
  const loop = (async () => {
    while (!done.signal.aborted) {
      const status = (await httpGet(`${adminUrl}/readyz`, 1000))?.status ?? 0
      if (changes.at(-1)?.status !== status) changes.push({ ms: Date.now() - started, status })
      await sleep(250)
    }
  })()
  return {
    stop: async () => {
      done.abort()
      await loop
      return changes
    },
  }
}
