import type { Link } from '@opentelemetry/api'
import type { TopicMessages } from 'kafkajs'
import type { TopicRecord } from './records.ts'

/**
 * Sends one produce request's worth of records; resolves once Kafka acknowledged all of them.
 * `links` holds, per topic, the trace links of the webhooks whose records go there.
 */
export type SendBatch = (
  topicMessages: TopicMessages[],
  links: ReadonlyMap<string, Link[]>,
  /** Estimated bytes of the request (see `recordBytes`). */
  bytes: number
) => Promise<unknown>

/** Knobs of the micro-batcher. */
export interface BatcherOptions {
  /** How long the first record of a batch waits for company. */
  readonly lingerMs: number
  /** Records per produce request; a batch closes early when it is reached. */
  readonly maxBatchMessages: number
  /**
   * Estimated bytes per produce request (keys, values, headers). Kafka refuses a partition's batch
   * over `message.max.bytes` (1 MiB by default): a webhook that alone exceeds this travels alone,
   * so a refusal for size can only ever concern that webhook.
   */
  readonly maxBatchBytes: number
}

/** Estimated wire size of some records: key, value and header bytes (record overhead aside). */
export function recordBytes(records: readonly TopicRecord[]): number {
  let bytes = 0
  for (const { message } of records) {
    bytes += size(message.key) + size(message.value)
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      bytes +=
        name.length +
        (Array.isArray(value) ? value.reduce((sum, v) => sum + size(v), 0) : size(value))
    }
  }
  return bytes
}

const size = (value: Buffer | string | null | undefined) =>
  value === null || value === undefined
    ? 0
    : typeof value === 'string'
      ? Buffer.byteLength(value)
      : value.byteLength

interface Pending {
  readonly records: readonly TopicRecord[]
  readonly bytes: number
  readonly link: Link | undefined
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/** Statistics of one produce request, for metrics and tracing. */
export interface BatchReport {
  readonly requests: number
  readonly messages: number
  readonly durationMs: number
  readonly error?: unknown
}

/**
 * Collects the records of many concurrent webhooks into one produce request (kafkajs has no
 * linger of its own: "aggregate payloads and use sendBatch", kafkajs#1157). One request is in
 * flight at a time, and batches leave in the order their records were accepted, so the events of
 * one key reach Kafka in acceptance order; while a request is in flight the next batch fills up.
 * Each `publish` resolves when Kafka acknowledged its records, or rejects with the send's error.
 */
export class MicroBatcher {
  readonly #send: SendBatch
  readonly #options: BatcherOptions
  readonly #onBatch: ((report: BatchReport) => void) | undefined
  #queue: Pending[] = []
  #queuedMessages = 0
  #timer: NodeJS.Timeout | undefined
  #sending: Promise<void> | undefined

  constructor(send: SendBatch, options: BatcherOptions, onBatch?: (report: BatchReport) => void) {
    this.#send = send
    this.#options = options
    this.#onBatch = onBatch
  }

  /**
   * Queues the records of one webhook; resolves when Kafka has acknowledged every one. `link`
   * ties the produce request's span to the webhook's trace.
   */
  publish(records: readonly TopicRecord[], link?: Link): Promise<void> {
    if (records.length === 0) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ records, bytes: recordBytes(records), link, resolve, reject })
      this.#queuedMessages += records.length
      this.#schedule()
    })
  }

  /** Records accepted but not yet acknowledged or failed. */
  get queuedMessages(): number {
    return this.#queuedMessages
  }

  /** Sends everything queued now, without lingering, and waits until it is settled (shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    while (this.#sending || this.#queue.length > 0) {
      await (this.#sending ?? this.#sendNext())
    }
  }

  #schedule(): void {
    if (this.#sending) return // the batch after the in-flight one is filling up
    if (this.#queuedMessages >= this.#options.maxBatchMessages || this.#options.lingerMs === 0) {
      clearTimeout(this.#timer)
      this.#timer = undefined
      void this.#sendNext()
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined
        void this.#sendNext()
      }, this.#options.lingerMs)
    }
  }

  #sendNext(): Promise<void> {
    if (this.#sending) return this.#sending
    const batch = this.#take()
    if (batch.length === 0) return Promise.resolve()
    this.#sending = this.#deliver(batch).finally(() => {
      this.#sending = undefined
      // Whatever arrived meanwhile has waited at least one produce round trip: send it now.
      if (this.#queue.length > 0) void this.#sendNext()
    })
    return this.#sending
  }

  /** Takes whole webhooks, oldest first, up to the batch's message and byte bounds (always at least one). */
  #take(): Pending[] {
    let count = 0
    let bytes = 0
    let n = 0
    for (const pending of this.#queue) {
      const full =
        count + pending.records.length > this.#options.maxBatchMessages ||
        bytes + pending.bytes > this.#options.maxBatchBytes
      if (n > 0 && full) break
      count += pending.records.length
      bytes += pending.bytes
      n++
    }
    return this.#queue.splice(0, n)
  }

  async #deliver(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages>()
    const links = new Map<string, Link[]>()
    let messages = 0
    for (const pending of batch) {
      const linked = new Set<string>()
      for (const { topic, message } of pending.records) {
        let group = byTopic.get(topic)
        if (!group) byTopic.set(topic, (group = { topic, messages: [] }))
        group.messages.push(message)
        messages++
        if (pending.link && !linked.has(topic)) {
          linked.add(topic)
          let topicLinks = links.get(topic)
          if (!topicLinks) links.set(topic, (topicLinks = []))
          topicLinks.push(pending.link)
        }
      }
    }
    const started = performance.now()
    try {
      await this.#send(
        [...byTopic.values()],
        links,
        batch.reduce((sum, pending) => sum + pending.bytes, 0)
      )
      this.#onBatch?.({ requests: batch.length, messages, durationMs: performance.now() - started })
      for (const pending of batch) pending.resolve()
    } catch (error) {
      this.#onBatch?.({
        requests: batch.length,
        messages,
        durationMs: performance.now() - started,
        error,
      })
      for (const pending of batch) pending.reject(error)
    } finally {
      this.#queuedMessages -= messages
    }
  }
}
