import type { Kafka } from 'kafkajs'
import {
  matches,
  toStoredDeadLetter,
  type DeadLetterFilter,
  type StoredDeadLetter,
} from '../cli/dead-letter.ts'
import { jsonText, shownHeaders, summaryOf } from '../cli/dead-letters-command.ts'
import { readToEnd } from '../cli/read-topic.ts'

/** A dead letter as `switchboard dead-letters list --json` prints it (never its body or signature). */
export type DeadLetterSummary = ReturnType<typeof summaryOf>

/** One dead letter as `switchboard dead-letters show --json` prints it: headers shortened, body. */
export type DeadLetterDetail = DeadLetterSummary & {
  readonly key: string | null
  readonly headers: Readonly<Record<string, string>>
  readonly bodyEncoding: 'json' | 'base64'
  readonly body: string
  readonly bodyBytes: number
}

/** What a list read found: the newest `limit` matches, and how many matched in all. */
export interface DeadLetterPage {
  readonly letters: readonly DeadLetterSummary[]
  readonly matched: number
  /** Dead letters on the topic, matching or not. */
  readonly total: number
}

/** Newest first by `dlq-received-at`, then by position; letters without a time last. */
const newestFirst = (a: DeadLetterSummary, b: DeadLetterSummary) =>
  (b.receivedAt ?? '').localeCompare(a.receivedAt ?? '') ||
  b.partition - a.partition ||
  Number(BigInt(b.offset) - BigInt(a.offset))

/**
 * The dead-letter topic, read as `switchboard dead-letters` and `replay` read it: from the
 * beginning to the end it had when the read began (`readToEnd`), with a throwaway consumer group
 * (`groupId()`), each record decoded by `toStoredDeadLetter` and filtered by `matches`. Every
 * call reads afresh, so every bridge's console shows the same topic.
 */
export class DeadLetterReader {
  readonly #kafka: Kafka
  readonly #topic: string
  readonly #groupId: () => string

  constructor(kafka: Kafka, topic: string, groupId: () => string) {
    this.#kafka = kafka
    this.#topic = topic
    this.#groupId = groupId
  }

  /**
   * The newest `limit` dead letters that pass `filter`. Bodies are dropped as they are read and
   * at most 2 × `limit` summaries are held, so a long topic costs time, not memory.
   */
  async list(filter: DeadLetterFilter, limit: number): Promise<DeadLetterPage> {
    let kept: DeadLetterSummary[] = []
    let matched = 0
    let total = 0
    await this.#read((letter) => {
      total++
      if (!matches(letter, filter)) return
      matched++
      kept.push(summaryOf(letter))
      if (kept.length >= 2 * limit) kept = kept.sort(newestFirst).slice(0, limit)
    })
    return { letters: kept.sort(newestFirst).slice(0, limit), matched, total }
  }

  /** The dead letters at `positions` (`<partition>:<offset>`), in topic order, bodies kept. */
  async select(positions: ReadonlySet<string>): Promise<StoredDeadLetter[]> {
    const selected: StoredDeadLetter[] = []
    await this.#read((letter) => {
      if (matches(letter, { positions })) selected.push(letter)
    })
    return selected
  }

  /** The dead letter at `position`, as `show --json` prints it; `undefined` when there is none. */
  async find(position: string): Promise<DeadLetterDetail | undefined> {
    const [letter] = await this.select(new Set([position]))
    if (!letter) return undefined
    const text = jsonText(letter.body)
    return {
      ...summaryOf(letter),
      key: letter.eventId ?? null,
      headers: shownHeaders(letter),
      bodyEncoding: text === undefined ? 'base64' : 'json',
      body: text ?? letter.body.toString('base64'),
      bodyBytes: letter.body.byteLength,
    }
  }

  #read(onLetter: (letter: StoredDeadLetter) => void): Promise<void> {
    return readToEnd(this.#kafka, [this.#topic], this.#groupId(), (record) => {
      onLetter(toStoredDeadLetter(record))
    })
  }
}
