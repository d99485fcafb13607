/**
 * After a chaos scenario: what the driver was told against what is on Kafka. Every webhook the
 * bridge acknowledged (202 accepted or 200 duplicate) must have its events on the canonical topics
 * (by the `ce_id` header, binary mode); events published more than once are counted, not failed.
 */
import type { Kafka } from 'kafkajs'
import type { BridgeTopics } from '../lib/bridge.ts'
import { headerText, readAll, recordCount } from '../lib/kafka.ts'
import { readEventLog, type Answer } from '../lib/loadgen.ts'

/** A window of the run (Unix ms) whose answers are summarized apart, e.g. while slow clients ran. */
export interface Window {
  readonly from: number
  readonly to: number
}

/** Answers sent within a window. */
export interface WindowSummary {
  readonly requests: number
  readonly answers: Record<string, number>
  readonly maxMs: number
  readonly p99Ms: number
  /** Answers slower than `slowerThanMs`. */
  readonly slower: number
  /** Requests that got no answer (connection reset, refused, hung), with up to 3 of their errors. */
  readonly unanswered: number
  readonly unansweredErrors: string[]
}

/** What the comparison found. */
export interface KafkaCheck {
  readonly events: number
  readonly acknowledged: number
  /** Acknowledged events whose records are not on Kafka: MUST be 0. */
  readonly missing: number
  readonly missingSample: string[]
  /** Canonical event ids (`ce_id`) found on Kafka more than once. */
  readonly publishedMoreThanOnce: number
  /** Records beyond the first of each `ce_id`. */
  readonly extraRecords: number
  /** Events on Kafka although no delivery of theirs was acknowledged (then the vendor gave up or the run ended). */
  readonly publishedNotAcknowledged: number
  readonly records: number
  readonly deadLetterRecords: number
  /** False when Kafka could not be read to its end in time: `missing` is then not conclusive. */
  readonly readComplete: boolean
  /** From the fault's end to the end of the first 202 accepted sent after it, in ms. */
  readonly firstAcceptedAfterFaultMs?: number
  readonly window?: WindowSummary
}

const acknowledges = (a: Answer) =>
  (a.status === 202 && a.body_status === 'accepted') ||
  // Spooled (SPOOL_DIR): fsynced on the bridge's disk, due on Kafka once drained.
  (a.status === 202 && a.body_status === 'spooled') ||
  (a.status === 200 && a.body_status === 'duplicate')

/** Reads the driver's event log and the scenario's topics, and compares them. */
export async function checkAgainstKafka(
  kafka: Kafka,
  topics: BridgeTopics,
  eventLog: string,
  options: { faultEnd?: number; window?: Window; slowerThanMs?: number } = {}
): Promise<KafkaCheck> {
  // ce_id → vendor event id, for every event the bridge acknowledged.
  const expected = new Map<string, string>()
  const unacknowledged = new Set<string>()
  let events = 0
  let acknowledged = 0
  let firstAccepted: number | undefined
  const windowLatencies: number[] = []
  const windowAnswers: Record<string, number> = {}
  const windowErrors: string[] = []
  for await (const line of readEventLog(eventLog)) {
    events++
    if (line.acknowledged) acknowledged++
    else unacknowledged.add(line.id)
    for (const a of line.answers) {
      if (acknowledges(a)) {
        for (const id of a.ids ?? []) expected.set(id, line.id)
      }
      if (
        options.faultEnd !== undefined &&
        a.status === 202 &&
        a.body_status === 'accepted' &&
        a.t >= options.faultEnd
      ) {
        const at = a.t + a.ms - options.faultEnd
        if (firstAccepted === undefined || at < firstAccepted) firstAccepted = at
      }
      if (options.window && a.t >= options.window.from && a.t <= options.window.to) {
        if (a.status === 0) windowErrors.push(a.error ?? 'no answer')
        else windowLatencies.push(a.ms)
        const key =
          a.status === 0
            ? a.error === 'hung'
              ? 'hung'
              : 'transport_error'
            : `${a.status} ${a.body_status ?? ''}`.trim()
        windowAnswers[key] = (windowAnswers[key] ?? 0) + 1
      }
    }
  }

  const seen = new Map<string, number>()
  let publishedNotAcknowledged = 0
  const { records, complete } = await readAll(
    kafka,
    [topics.conversations, topics.customers],
    (_topic, message) => {
      const id = headerText(message, 'ce_id')
      if (id === undefined) return
      const count = (seen.get(id) ?? 0) + 1
      seen.set(id, count)
      if (count === 1 && unacknowledged.has(headerText(message, 'ce_vendoreventid') ?? '')) {
        publishedNotAcknowledged++
      }
    }
  )
  const missingIds = [...expected.keys()].filter((id) => !seen.has(id))
  let publishedMoreThanOnce = 0
  let extraRecords = 0
  for (const count of seen.values()) {
    if (count > 1) {
      publishedMoreThanOnce++
      extraRecords += count - 1
    }
  }
  windowLatencies.sort((a, b) => a - b)
  const slowerThan = options.slowerThanMs ?? Infinity
  return {
    events,
    acknowledged,
    missing: missingIds.length,
    missingSample: missingIds.slice(0, 10),
    publishedMoreThanOnce,
    extraRecords,
    publishedNotAcknowledged,
    records,
    deadLetterRecords: await recordCount(kafka, [topics.deadLetter]),
    readComplete: complete,
    ...(firstAccepted !== undefined && { firstAcceptedAfterFaultMs: Math.round(firstAccepted) }),
    ...(options.window && {
      window: {
        requests: windowLatencies.length + windowErrors.length,
        answers: windowAnswers,
        maxMs: windowLatencies.at(-1) ?? 0,
        p99Ms: windowLatencies[Math.max(0, Math.ceil(0.99 * windowLatencies.length) - 1)] ?? 0,
        slower: windowLatencies.filter((ms) => ms > slowerThan).length,
        unanswered: windowErrors.length,
        unansweredErrors: [...new Set(windowErrors)].slice(0, 3),
      },
    }),
  }
}
