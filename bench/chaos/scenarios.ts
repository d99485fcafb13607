/**
 * The chaos scenarios, run one after another against one broker and a bridge process: each gets
 * fresh topics and a fresh bridge on the same ports, a legitimate load retried as the vendors do,
 * a fault, and then the comparison of what the bridge acknowledged with what Kafka holds.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { httpGet } from '../lib/bridge.ts'
import { readAll, headerText } from '../lib/kafka.ts'
import { startLoadgen, type LoadResult, type SlowResult } from '../lib/loadgen.ts'
import { checkAgainstKafka, type KafkaCheck, type Window } from './check.ts'
import { readyAfter, watchReadiness, type ChaosHarness } from './harness.ts'

/** One thing a scenario expects, and whether it held. */
export interface Expectation {
  readonly what: string
  readonly ok: boolean
  readonly detail: string
}

/** The driver's figures, without the per-answer samples' bulk. */
export type LoadSummary = Pick<
  LoadResult,
  | 'events'
  | 'requests'
  | 'retries'
  | 'skipped'
  | 'acknowledged'
  | 'answers'
  | 'outcomes'
  | 'latency_ms'
  | 'undocumented'
  | 'hung'
  | 'transport_errors'
  | 'undocumented_samples'
  | 'hung_samples'
>

/** What one scenario measured. */
export interface ScenarioResult {
  readonly id: string
  readonly title: string
  /** What "fault end" means for the recovery times. */
  readonly faultEnd: string
  readonly seconds: number
  /** Milliseconds since the scenario's load started. */
  readonly timelineMs: Record<string, number>
  readonly load?: LoadSummary
  readonly check?: KafkaCheck
  /** From fault end to the first 202 accepted (of a request sent after it), and to /readyz 200. */
  readonly recovery: { readonly firstAcceptedMs?: number; readonly readyMs?: number }
  readonly expectations: Expectation[]
  readonly extra?: Record<string, unknown>
  readonly error?: string
}

/** A scenario: an id (a–f), a title, and how to run it. */
export interface Scenario {
  readonly id: string
  readonly title: string
  readonly faultEnd: string
  run(h: ChaosHarness): Promise<ScenarioResult>
}

/** REQUEST_DEADLINE_MS of the bridge (its default). */
const REQUEST_DEADLINE_MS = 10_000

const summarize = (r: LoadResult): LoadSummary => ({
  events: r.events,
  requests: r.requests,
  retries: r.retries,
  ...(r.skipped !== undefined && { skipped: r.skipped }),
  acknowledged: r.acknowledged,
  answers: r.answers,
  outcomes: r.outcomes,
  latency_ms: r.latency_ms,
  undocumented: r.undocumented,
  hung: r.hung,
  transport_errors: r.transport_errors,
  ...(r.undocumented_samples && { undocumented_samples: r.undocumented_samples.slice(0, 5) }),
  ...(r.hung_samples && { hung_samples: r.hung_samples.slice(0, 5) }),
})

/** The expectations every scenario shares. */
function commonExpectations(load: LoadResult, check: KafkaCheck): Expectation[] {
  const gaveUp = (load.outcomes['gave_up'] ?? 0) + (load.outcomes['aborted'] ?? 0)
  return [
    {
      what: 'acknowledged webhooks all on Kafka',
      ok: check.missing === 0 && check.readComplete,
      detail: check.readComplete
        ? `${check.missing} of ${check.acknowledged} missing`
        : `Kafka not read to its end: ${check.missing} missing so far`,
    },
    {
      what: 'only documented answers',
      ok: load.undocumented === 0,
      detail: `${load.undocumented} undocumented`,
    },
    { what: 'no hung request', ok: load.hung === 0, detail: `${load.hung} hung` },
    {
      what: 'every webhook acknowledged in the end (vendor retries)',
      ok: gaveUp === 0,
      detail: `${gaveUp} gave up or were still retrying when the run ended`,
    },
  ]
}

/** What a fault step returns: when the fault ended, and anything to report. */
interface FaultOutcome {
  readonly faultEnd: number
  readonly window?: Window
  readonly expectations?: Expectation[]
  readonly extra?: Record<string, unknown>
}

interface UnderLoad {
  readonly id: string
  readonly title: string
  readonly faultEnd: string
  /** How long new webhooks are created. */
  readonly loadSeconds: number
  /** When the fault starts, after the load started. */
  readonly faultAtSeconds: number
  readonly rate?: number
  readonly fault: (h: ChaosHarness, mark: (name: string) => void) => Promise<FaultOutcome>
  /** More expectations once Kafka was checked. */
  readonly after?: (check: KafkaCheck, load: LoadResult) => Expectation[]
  /** Variables added to the bridge's environment in this scenario (each start and restart). */
  readonly bridgeEnv?: () => Record<string, string>
}

/** Start a bridge, run the load, inject the fault, wait for recovery and the retries, compare. */
function underLoad(spec: UnderLoad): Scenario {
  return {
    id: spec.id,
    title: spec.title,
    faultEnd: spec.faultEnd,
    async run(h) {
      const topics = h.topicsFor(spec.id)
      h.bridgeExtraEnv = spec.bridgeEnv?.() ?? {}
      await h.startBridge()
      const started = Date.now()
      const timelineMs: Record<string, number> = {}
      const mark = (name: string) => {
        timelineMs[name] = Date.now() - started
      }
      const { run, eventLog } = h.startLoad(spec.id, spec.loadSeconds, spec.rate)
      const readiness = watchReadiness(h.bridge.adminUrl)
      let fault: FaultOutcome
      let readyMs: number | undefined
      try {
        await sleep(spec.faultAtSeconds * 1000)
        fault = await spec.fault(h, mark)
        timelineMs['fault_end'] = fault.faultEnd - started
        readyMs = await readyAfter(h.bridge.adminUrl, fault.faultEnd)
        mark('readyz_200_after_fault')
      } catch (error) {
        run.abort()
        await Promise.allSettled([run.result, readiness.stop()])
        throw error
      }
      const load = await run.result
      mark('load_done')
      const readyzChanges = await readiness.stop()
      const check = await checkAgainstKafka(h.kafka, topics, eventLog, {
        faultEnd: fault.faultEnd,
        ...(fault.window && { window: fault.window }),
        slowerThanMs: REQUEST_DEADLINE_MS,
      })
      mark('kafka_checked')
      const bridgeEnd = await h.stopBridge()
      h.bridgeExtraEnv = {}
      return {
        id: spec.id,
        title: spec.title,
        faultEnd: spec.faultEnd,
        seconds: Math.round((Date.now() - started) / 1000),
        timelineMs,
        load: summarize(load),
        check,
        recovery: {
          ...(check.firstAcceptedAfterFaultMs !== undefined && {
            firstAcceptedMs: check.firstAcceptedAfterFaultMs,
          }),
          ...(readyMs !== undefined && { readyMs }),
        },
        expectations: [
          ...commonExpectations(load, check),
          ...(fault.expectations ?? []),
          ...(spec.after?.(check, load) ?? []),
        ],
        extra: { ...fault.extra, readyzChanges, bridgeStoppedWith: bridgeEnd, eventLog },
      }
    },
  }
}

/** Waits for a process end, SIGKILLing it after `ms`. */
async function exitWithin(
  exited: Promise<string>,
  kill: () => void,
  ms: number
): Promise<{ how: string; ms: number }> {
  const started = Date.now()
  const timer = setTimeout(kill, ms)
  const how = await exited
  clearTimeout(timer)
  return { how, ms: Date.now() - started }
}

const brokerKill = underLoad({
  id: 'a',
  title: 'broker SIGKILL under load, restarted on the same data and ports',
  faultEnd: 'the restarted broker answers an admin client',
  loadSeconds: 30,
  faultAtSeconds: 5,
  fault: async (h, mark) => {
    mark('broker_sigkill')
    await h.killBroker()
    mark('broker_gone')
    await sleep(5000)
    mark('broker_restart')
    await h.startBroker()
    return { faultEnd: Date.now() }
  },
})

const brokerStop = underLoad({
  id: 'b',
  title: 'broker SIGSTOP for 15 s, then SIGCONT',
  faultEnd: 'SIGCONT sent',
  loadSeconds: 35,
  faultAtSeconds: 5,
  fault: async (h, mark) => {
    const pid = h.broker.pid
    mark('broker_sigstop')
    process.kill(pid, 'SIGSTOP')
    try {
      await sleep(15_000)
    } finally {
      process.kill(pid, 'SIGCONT')
    }
    mark('broker_sigcont')
    return { faultEnd: Date.now() }
  },
})

/** SHUTDOWN_DEADLINE_MS of the bridge (its default), plus a margin for the process exit. */
const SHUTDOWN_BOUND_MS = 15_000 + 5000

const bridgeTerm = underLoad({
  id: 'c',
  title: 'bridge SIGTERM under load, then restarted',
  faultEnd: 'the new bridge process spawned',
  loadSeconds: 25,
  faultAtSeconds: 5,
  fault: async (h, mark) => {
    const old = h.bridge
    mark('bridge_sigterm')
    old.kill('SIGTERM')
    const end = await exitWithin(
      old.exited,
      () => {
        old.kill('SIGKILL')
      },
      SHUTDOWN_BOUND_MS + 10_000
    )
    mark('bridge_exited')
    h.spawnBridge()
    return {
      faultEnd: Date.now(),
      extra: { shutdown: end },
      expectations: [
        {
          what: 'SIGTERM: graceful exit 0 within the shutdown deadline',
          ok: end.how === 'exit code 0' && end.ms <= SHUTDOWN_BOUND_MS,
          detail: `${end.how} after ${end.ms} ms`,
        },
      ],
    }
  },
})

const bridgeKill = underLoad({
  id: 'd',
  title: 'bridge SIGKILL under load, then restarted',
  faultEnd: 'the new bridge process spawned',
  loadSeconds: 25,
  faultAtSeconds: 5,
  fault: async (h, mark) => {
    const old = h.bridge
    mark('bridge_sigkill')
    old.kill('SIGKILL')
    await old.exited
    mark('bridge_exited')
    h.spawnBridge()
    return { faultEnd: Date.now() }
  },
})

/** Slow clients of scenario (e). */
const SLOW_CONNECTIONS = Number(process.env['CHAOS_SLOW_CONNECTIONS'] ?? 1500)
const SLOW_SECONDS = 40

const slowClients = underLoad({
  id: 'e',
  title: `${SLOW_CONNECTIONS} slow-body clients (1 byte / 3 s for ${SLOW_SECONDS} s) beside the load`,
  faultEnd: 'the slow clients disconnected',
  loadSeconds: 5 + SLOW_SECONDS + 15,
  faultAtSeconds: 5,
  fault: async (h, mark) => {
    mark('slow_clients_start')
    const from = Date.now()
    const slow = startLoadgen<SlowResult>([
      '-mode',
      'slow',
      '-url',
      `http://127.0.0.1:${String(h.ports.bridge)}`,
      '-vendor',
      'helpcrunch',
      '-slow-kind',
      'body',
      '-slow-prefix',
      '16',
      '-slow-length',
      '4096',
      '-connections',
      String(SLOW_CONNECTIONS),
      '-duration',
      `${String(SLOW_SECONDS)}s`,
      '-trickle',
      '3s',
      '-ramp',
      '5s',
    ])
    const result = await slow.result
    mark('slow_clients_gone')
    const to = Date.now()
    return {
      faultEnd: to,
      window: { from, to },
      extra: { slowClients: result },
      expectations: [
        {
          what: 'slow clients are cut off by the server (408) instead of holding on',
          ok: result.closed_by_server > 0 && result.held_s.max < SLOW_SECONDS,
          detail: `${result.closed_by_server} ended by the server (${JSON.stringify(result.answers)}), held p50 ${String(result.held_s.p50)} s / max ${String(result.held_s.max)} s, ${result.still_open_at_end} still open at the end, peak ${result.peak_open} open`,
        },
      ],
    }
  },
  after: (check) => {
    const window = check.window
    const answered = window ? window.requests - window.unanswered : 0
    const normal = window
      ? (window.answers['202 accepted'] ?? 0) + (window.answers['200 duplicate'] ?? 0)
      : 0
    return [
      {
        what: `legitimate webhooks answered 202/200 within ${String(REQUEST_DEADLINE_MS / 1000)} s while slow clients ran`,
        ok: window !== undefined && answered > 0 && normal === answered && window.slower === 0,
        detail: window
          ? `${String(normal)} of ${String(answered)} answers were 202/200; answers ${JSON.stringify(window.answers)}; p99 ${String(Math.round(window.p99Ms))} ms, max ${String(Math.round(window.maxMs))} ms, ${String(window.slower)} slower than the deadline`
          : 'no window',
      },
      {
        what: 'no legitimate request left without an answer while slow clients ran',
        ok: window !== undefined && window.unanswered === 0,
        detail: window
          ? `${String(window.unanswered)} of ${String(window.requests)} requests got no answer (retried by the driver)${window.unansweredErrors.length > 0 ? `: ${window.unansweredErrors.join(' | ')}` : ''}`
          : 'no window',
      },
      {
        what: 'a webhook is 202 within 5 s once the slow clients left',
        ok:
          check.firstAcceptedAfterFaultMs !== undefined && check.firstAcceptedAfterFaultMs <= 5000,
        detail: `${String(check.firstAcceptedAfterFaultMs ?? 'none')} ms`,
      },
    ]
  },
})

/** Size of scenario (f)'s body: just under BODY_LIMIT_BYTES (1 MiB). */
const BIG_BODY_BYTES = 1_048_000

/** POSTs `body` and reads the answer (status and JSON body text), or the transport error. */
function post(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs = 30_000
): Promise<{ status: number; body: string; ms: number; error?: string }> {
  const started = performance.now()
  const ms = () => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        timeout: timeoutMs,
        headers: { ...headers, 'content-length': String(body.byteLength) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text, ms: ms() })
        })
      }
    )
    req.on('timeout', () => {
      req.destroy(new Error('hung'))
    })
    req.on('error', (error) => {
      resolve({ status: 0, body: '', ms: ms(), error: error.message })
    })
    req.end(body)
  })
}

const bigBody: Scenario = {
  id: 'f',
  title: `a ${BIG_BODY_BYTES.toLocaleString('en')}-byte incompressible signed body beside the load`,
  faultEnd: '–',
  async run(h) {
    const topics = h.topicsFor('f')
    await h.startBridge()
    const started = Date.now()
    const timelineMs: Record<string, number> = {}
    const mark = (name: string) => {
      timelineMs[name] = Date.now() - started
    }
    const { run, eventLog } = h.startLoad('f', 15)
    const body = randomBytes(BIG_BODY_BYTES)
    const digest = createHash('sha256').update(body).digest('hex')
    const signature = createHmac('sha1', h.secret).update(body).digest('hex')
    await sleep(5000)
    mark('big_body_sent')
    // Retried as HelpCrunch would, should the bridge not acknowledge it.
    const answers: { status: number; body: string; ms: number; error?: string }[] = []
    for (let attempt = 1; attempt <= 4; attempt++) {
      const answer = await post(
        `http://127.0.0.1:${String(h.ports.bridge)}/webhooks/helpcrunch`,
        body,
        {
          'content-type': 'application/json',
          'x-helpcrunch-signature': signature,
        }
      )
      answers.push({ ...answer, body: answer.body.slice(0, 300) })
      if (answer.status >= 200 && answer.status < 300) break
      await sleep(1000 * 2 ** (attempt - 1))
    }
    mark('big_body_answered')
    const load = await run.result
    mark('load_done')
    const check = await checkAgainstKafka(h.kafka, topics, eventLog, {
      slowerThanMs: REQUEST_DEADLINE_MS,
    })
    let found: { intact: boolean; signatureKept: boolean; reason?: string } | undefined
    let sameSize = 0
    const dead = await readAll(h.kafka, [topics.deadLetter], (_topic, message) => {
      const value = message.value
      if (value?.byteLength !== BIG_BODY_BYTES) return
      sameSize++
      const intact = createHash('sha256').update(value).digest('hex') === digest
      if (!intact && found) return
      const reason = headerText(message, 'dlq-reason')
      found = {
        intact,
        signatureKept: headerText(message, 'x-helpcrunch-signature') === signature,
        ...(reason !== undefined && { reason }),
      }
    })
    mark('kafka_checked')
    const last = answers.at(-1)
    let lastStatus: string | undefined
    try {
      lastStatus = (JSON.parse(last?.body ?? '') as { status?: string }).status
    } catch {
      lastStatus = undefined
    }
    const bridgeEnd = await h.stopBridge()
    return {
      id: 'f',
      title: bigBody.title,
      faultEnd: bigBody.faultEnd,
      seconds: Math.round((Date.now() - started) / 1000),
      timelineMs,
      load: summarize(load),
      check,
      recovery: {},
      expectations: [
        ...commonExpectations(load, check),
        {
          what: 'the big body is answered 202 dead_lettered',
          ok: last?.status === 202 && lastStatus === 'dead_lettered',
          detail: answers
            .map((a) => `${String(a.status)} ${a.error ?? a.body} (${String(a.ms)} ms)`)
            .join('; '),
        },
        {
          what: 'its bytes are on the dead-letter topic intact, signature kept',
          ok: found?.intact === true && found.signatureKept,
          detail: found
            ? `found (${sameSize} record(s) of that size; sha256 ${found.intact ? 'equal' : 'DIFFERENT'}, signature header ${found.signatureKept ? 'kept' : 'missing'}, dlq-reason ${found.reason ?? '–'})`
            : `not found among ${dead.records} dead-letter record(s)${dead.complete ? '' : ' (read incomplete)'}`,
        },
      ],
      extra: { bigBodyAnswers: answers, bridgeStoppedWith: bridgeEnd, eventLog },
    }
  },
}

/** Milliseconds until `/readyz` reports an empty spool, or `undefined` after `ms`. */
async function spoolDrained(adminUrl: string, ms: number): Promise<number | undefined> {
  const started = Date.now()
  while (Date.now() - started < ms) {
    const answer = await httpGet(`${adminUrl}/readyz`, 1000)
    const state = answer && (JSON.parse(answer.body) as { spool?: { depth: number } })
    if (state?.spool?.depth === 0) return Date.now() - started
    await sleep(250)
  }
  return undefined
}

/** Outage of scenario (g): long enough to exhaust every delivery's first attempts. */
const SPOOL_OUTAGE_SECONDS = 60

const spoolOutage = underLoad({
  id: 'g',
  title: `with SPOOL_DIR: broker down ${SPOOL_OUTAGE_SECONDS} s under load, the bridge SIGKILLed and restarted during the outage`,
  faultEnd: 'the restarted broker answers an admin client',
  loadSeconds: 5 + SPOOL_OUTAGE_SECONDS + 15,
  faultAtSeconds: 5,
  bridgeEnv: () => ({
    SPOOL_DIR: mkdtempSync(join(tmpdir(), 'switchboard-chaos-spool-')),
    KAFKA_HEALTH_INTERVAL_MS: '500',
  }),
  fault: async (h, mark) => {
    const down = Date.now()
    mark('broker_sigkill')
    await h.killBroker()
    await sleep((SPOOL_OUTAGE_SECONDS * 1000) / 2)
    mark('bridge_sigkill')
    const old = h.bridge
    old.kill('SIGKILL')
    await old.exited
    h.spawnBridge()
    mark('bridge_restarted')
    await sleep(Math.max(0, down + SPOOL_OUTAGE_SECONDS * 1000 - Date.now()))
    mark('broker_restart')
    await h.startBroker()
    const faultEnd = Date.now()
    // Kafka is back; what was spooled drains in order. Checked once the spool is empty.
    const drained = await spoolDrained(h.bridge.adminUrl, 180_000)
    mark('spool_drained')
    return {
      faultEnd,
      expectations: [
        {
          what: 'the spool drained after the outage',
          ok: drained !== undefined,
          detail:
            drained === undefined
              ? 'still not empty after 180 s'
              : `empty ${Math.round(drained / 100) / 10} s after the broker answered`,
        },
      ],
    }
  },
  after: (check, load) => [
    {
      what: 'answered 202 spooled during the outage',
      ok: (load.answers['202 spooled'] ?? 0) > 0,
      detail: `${load.answers['202 spooled'] ?? 0} spooled`,
    },
    {
      what: 'every acknowledged webhook on Kafka exactly once',
      ok: check.missing === 0 && check.publishedMoreThanOnce === 0,
      detail: `${check.missing} missing, ${check.publishedMoreThanOnce} published more than once`,
    },
  ],
})

/** Every scenario, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [
  brokerKill,
  brokerStop,
  bridgeTerm,
  bridgeKill,
  slowClients,
  bigBody,
  spoolOutage,
]
