import { randomUUID } from 'node:crypto'
import kafkajs, { type Admin, type Consumer, type Kafka } from 'kafkajs'
import type { Logger } from '../log.ts'
import type { TopicRecord } from '../kafka/records.ts'
import { retryRetriable } from '../kafka/retry-retriable.ts'
import { within } from '../within.ts'
import { fingerprint, FINGERPRINT_BYTES } from './fingerprint.ts'

const { ConfigResourceTypes } = kafkajs

/** How the shared de-duplication log is kept. */
export interface DedupLogOptions {
  /** The compacted topic of published event keys (`KAFKA_TOPIC_DEDUP`). */
  readonly topic: string
  /** How long an id is remembered: the topic's `retention.ms`, and the age past which a record is skipped. */
  readonly ttlMs: number
  readonly partitions: number
  readonly replicationFactor: number
  readonly create: boolean
  /** Longest wait of a read barrier before the webhook goes on without it (a duplicate at worst, never a loss). */
  readonly barrierTimeoutMs: number
  /** Longest wait for the warm-up read at start; past it the bridge starts with what it read, and says so. */
  readonly warmupTimeoutMs: number
  /** How long a claim holds a key for its owner (who may have crashed) before others may claim it. */
  readonly claimTtlMs: number
}

/** What the log feeds: the window learns every id any instance published. */
export interface DedupLearner {
  learn(fp: Uint8Array): void
  /** Whether `fp` is remembered as published. */
  knows(fp: Uint8Array): boolean
}

/** A partition's offsets: where the follower is, and the log end it must reach. */
type Offsets = Map<number, number>

const noop = () => undefined

/** Header of a claim record; a record without it says the key was published. */
const CLAIM_HEADER = 'switchboard-claim'

const hexOf = (fp: Uint8Array) =>
  Buffer.from(fp.buffer, fp.byteOffset, FINGERPRINT_BYTES).toString('hex')

/** A barrier waiting for the follower to reach `target`. */
interface Waiter {
  readonly target: Offsets
  readonly resolve: () => void
}

/**
 * De-duplication shared by every bridge on the cluster and kept across restarts, in a Kafka topic
 * (`switchboard.dedup.v1`): one tiny record per published vendor event, keyed by its 128-bit
 * fingerprint (16 bytes), value the readable key (`vendor:tenant:event id`) for operators.
 * `cleanup.policy=compact,delete` keeps one record per key and drops keys older than the window.
 *
 * - **Written after the events are acknowledged**, never with them: Kafka does not make one
 *   produce request atomic across partitions, and a de-dup record that landed while its events
 *   did not would turn the vendor's retry into a false duplicate, a lost event. Written after, the
 *   worst case is the reverse (events landed, record did not): a later delivery is published again.
 * - **Warmed at start**: the bridge reads the topic to its end before it listens, so a delivery
 *   after a restart finds every id published before it.
 * - **Followed continuously** by a consumer of its own (a unique group, no commits), so each
 *   instance learns the ids the others publish.
 * - **Claims**: before publishing an event it has not seen, an instance writes a claim record and
 *   waits until its follower reads it back, by then it has read every earlier record of that key
 *   (they share a partition). The first live claim in the topic's order publishes; the others
 *   wait for its published record (`claim`, `ownClaimRead`, `firstClaim`, `waitPublished`).
 * - **Read barrier** (`barrier`), for the spool's drain, which publishes without claims: the
 *   topic's end offsets, and a wait until the follower has read that far.
 */
export class DedupLog {
  readonly #kafka: Kafka
  readonly #options: DedupLogOptions
  readonly #logger: Logger
  readonly #learner: DedupLearner
  readonly #admin: Admin
  #consumer: Consumer | undefined
  /** Next offset the follower will read, per partition. */
  readonly #position: Offsets = new Map()
  /** Waiters for the follower to reach some end offsets. */
  #waiters: Waiter[] = []
  #learned = 0
  #lastRecordAt = 0
  /** This process, in the claims it writes. */
  readonly #instance = randomUUID()
  #claims = 0
  /** Per fingerprint (hex): the first live claim read. */
  readonly #claimed = new Map<string, { owner: string; at: number }>()
  readonly #publishedWaiters = new Map<string, ((published: boolean) => void)[]>()
  /** This instance's claims written and not yet read back, by owner. */
  readonly #ownClaims = new Map<string, () => void>()

  constructor(kafka: Kafka, options: DedupLogOptions, learner: DedupLearner, logger: Logger) {
    this.#kafka = kafka
    this.#options = options
    this.#learner = learner
    this.#logger = logger
    // Retries ride out a topic just created (its leader not yet known everywhere); a barrier
    // stops waiting at its own timeout whatever the retries do.
    this.#admin = kafka.admin({ retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2000 } })
  }

  /**
   * Creates the topic if allowed and missing, reads it to its current end (warm-up), then keeps
   * following it. Resolves once warm: its figures are logged (ids, seconds).
   */
  async start(): Promise<{ ids: number; ms: number }> {
    const started = performance.now()
    await this.#admin.connect()
    // Another bridge may be creating the same topic this moment (see retryRetriable).
    await retryRetriable(() => this.#ensureTopic())
    const offsets = await retryRetriable(() => this.#admin.fetchTopicOffsets(this.#options.topic))
    const ends: Offsets = new Map()
    for (const { partition, low, high } of offsets) {
      this.#position.set(partition, Number(low))
      ends.set(partition, Number(high))
    }
    const consumer = this.#kafka.consumer({
      // A group of its own: every instance reads every partition; nothing is committed.
      groupId: `switchboard-dedup-${randomUUID()}`,
      maxWaitTimeInMs: 250,
      // Small fetches: a warm-up of a million ids otherwise holds 10 MiB responses and their
      // decoded messages at once, and RSS keeps the high-water mark.
      maxBytes: 256 * 1024,
      maxBytesPerPartition: 64 * 1024,
      retry: { retries: 10 },
    })
    this.#consumer = consumer
    await consumer.connect()
    await consumer.subscribe({ topic: this.#options.topic, fromBeginning: true })
    const warm = this.#reached(ends)
    // Nothing is committed, so kafkajs would start every rejoin (coordinator moved, broker
    // restarted, session lost) from the beginning again: resume where this follower was.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [partition, offset] of this.#position) {
        consumer.seek({ topic: this.#options.topic, partition, offset: String(offset) })
      }
    })
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) {
        this.#logger.log(
          'error',
          "de-dup log follower stopped; other bridges' ids are no longer learned",
          {
            topic: this.#options.topic,
            error: payload.error.message,
          }
        )
      }
    })
    // Not awaited: kafkajs resolves `run` only once the group is joined, and an empty topic needs
    // no follower to be warm. A follower that never joins leaves claims unconfirmed (each waits
    // DEDUP_BARRIER_TIMEOUT_MS, then publishes: a duplicate at worst, never a loss).
    const running = consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        const oldest = Date.now() - this.#options.ttlMs
        for (const message of batch.messages) {
          const key = message.key
          if (key?.length !== FINGERPRINT_BYTES) continue
          const at = Number(message.timestamp)
          if (at < oldest) continue
          const claim = message.headers?.[CLAIM_HEADER]
          if (claim === undefined) this.#onPublished(key, at)
          else this.#onClaim(key, String(claim), at)
        }
        const next = Number(batch.lastOffset()) + 1
        if (next > (this.#position.get(batch.partition) ?? 0)) {
          this.#position.set(batch.partition, next)
          this.#wake()
        }
        return Promise.resolve()
      },
    })
    running.catch((error: unknown) => {
      this.#logger.log('error', 'de-dup log follower did not start', {
        topic: this.#options.topic,
        error: error instanceof Error ? error.message : String(error),
      })
    })
    const timeout = this.#options.warmupTimeoutMs
    const finished = await within(
      timeout,
      warm.then(() => true),
      () => false
    )
    const figures = { ids: this.#learned, ms: Math.round(performance.now() - started) }
    if (finished) {
      this.#logger.log('info', 'de-duplication log read', {
        topic: this.#options.topic,
        ...figures,
      })
    } else {
      this.#logger.log(
        'warn',
        `de-duplication log not read to its end within ${timeout} ms; starting with what was read (deliveries of older events may be published again)`,
        { topic: this.#options.topic, ...figures }
      )
    }
    return figures
  }

  /**
   * Resolves once this instance has read every id published before the call (or after
   * `barrierTimeoutMs`, so a slow follower delays the spool's drain but never stops it). Each
   * call sends its own ListOffsets request: its only caller, the drain, runs one batch at a time.
   */
  async barrier(): Promise<void> {
    await within(
      this.#options.barrierTimeoutMs,
      // Kafka unreachable: go on; the publish that follows will say so.
      this.#endOffsets().then((ends) => this.#reached(ends), noop),
      noop
    )
  }

  /**
   * A claim on `key` by this instance: the record to write, and the owner it names. The first
   * live claim of a key in the topic's order wins; see `firstClaim`.
   */
  claim(key: string, fp: Uint8Array): { record: TopicRecord; owner: string } {
    const owner = `${this.#instance}:${String(++this.#claims)}`
    const record = dedupRecord(this.#options.topic, key, fp)
    record.message.headers = { [CLAIM_HEADER]: owner }
    return { record, owner }
  }

  /**
   * Resolves `true` once the follower has read this instance's claim `owner` (see `claim`), or
   * `false` after `ms`. Call it before writing the claim. A claim and every earlier record of the
   * same key share a partition, so once it is read they all are: a read barrier for that key
   * without asking Kafka for offsets.
   */
  ownClaimRead(owner: string): { read: (ms: number) => Promise<boolean>; cancel: () => void } {
    let resolveSeen: (() => void) | undefined
    const seen = new Promise<void>((resolve) => {
      resolveSeen = resolve
    })
    this.#ownClaims.set(owner, () => resolveSeen?.())
    const cancel = () => {
      this.#ownClaims.delete(owner)
    }
    return {
      cancel,
      read: async (ms) => {
        const read = await within(
          ms,
          seen.then(() => true),
          () => false
        )
        cancel()
        return read
      },
    }
  }

  /** The owner of the first live claim on `fp` this instance has read, if any. */
  firstClaim(fp: Uint8Array): string | undefined {
    const claim = this.#claimed.get(hexOf(fp))
    return claim && Date.now() - claim.at < this.#options.claimTtlMs ? claim.owner : undefined
  }

  /** Resolves `true` once a published record for `fp` is read, or `false` after `ms`. */
  waitPublished(fp: Uint8Array, ms: number): Promise<boolean> {
    const hex = hexOf(fp)
    return new Promise((resolve) => {
      const waiters = this.#publishedWaiters.get(hex) ?? []
      const waiter = (published: boolean) => {
        clearTimeout(timer)
        resolve(published)
      }
      const timer = setTimeout(() => {
        const left = (this.#publishedWaiters.get(hex) ?? []).filter((each) => each !== waiter)
        if (left.length > 0) this.#publishedWaiters.set(hex, left)
        else this.#publishedWaiters.delete(hex)
        resolve(false)
      }, ms)
      waiters.push(waiter)
      this.#publishedWaiters.set(hex, waiters)
    })
  }

  #onPublished(fp: Buffer, at: number): void {
    this.#learner.learn(fp)
    this.#learned++
    if (at > this.#lastRecordAt) this.#lastRecordAt = at
    const hex = hexOf(fp)
    this.#claimed.delete(hex)
    const waiters = this.#publishedWaiters.get(hex)
    if (waiters) {
      this.#publishedWaiters.delete(hex)
      for (const waiter of waiters) waiter(true)
    }
  }

  /** Keeps the first live claim of a key; later ones (while it lives) lose to it. */
  #onClaim(fp: Buffer, owner: string, at: number): void {
    // A claim on a key already published (a redelivery) decides nothing: do not keep it.
    if (!this.#learner.knows(fp)) this.#keepFirstClaim(fp, owner, at)
    // One of ours: everything before it in its partition (every earlier claim and published
    // record of the same key) has been read now.
    const seen = this.#ownClaims.get(owner)
    if (seen) {
      this.#ownClaims.delete(owner)
      seen()
    }
  }

  #keepFirstClaim(fp: Buffer, owner: string, at: number): void {
    const hex = hexOf(fp)
    const now = Date.now()
    const current = this.#claimed.get(hex)
    if (current && now - current.at < this.#options.claimTtlMs) return
    if (now - at >= this.#options.claimTtlMs) return
    this.#claimed.set(hex, { owner, at })
    // Claims of crashed or duplicate deliveries are never followed by a published record here.
    if (this.#claimed.size > 10_000) {
      for (const [key, claim] of this.#claimed) {
        if (now - claim.at >= this.#options.claimTtlMs) this.#claimed.delete(key)
      }
    }
  }

  /** The record that tells every instance this key was published. */
  record(key: string, fp: Uint8Array): TopicRecord {
    return dedupRecord(this.#options.topic, key, fp)
  }

  /** Ids learned from the topic (own and others'), since start. */
  get learned(): number {
    return this.#learned
  }

  /** Unix ms of the newest record read: with the clock, how far behind the follower is. */
  get lastRecordAt(): number {
    return this.#lastRecordAt
  }

  async stop(): Promise<void> {
    for (const waiter of this.#waiters) waiter.resolve()
    this.#waiters = []
    for (const waiters of this.#publishedWaiters.values())
      for (const waiter of waiters) waiter(false)
    this.#publishedWaiters.clear()
    this.#ownClaims.clear()
    await Promise.allSettled([this.#consumer?.disconnect(), this.#admin.disconnect()])
  }

  async #endOffsets(): Promise<Offsets> {
    const offsets = await this.#admin.fetchTopicOffsets(this.#options.topic)
    return new Map(offsets.map(({ partition, high }) => [partition, Number(high)]))
  }

  #reached(target: Offsets): Promise<void> {
    if (this.#isAt(target)) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push({ target, resolve }))
  }

  #isAt(target: Offsets): boolean {
    for (const [partition, end] of target) {
      if ((this.#position.get(partition) ?? 0) < end) return false
    }
    return true
  }

  #wake(): void {
    if (this.#waiters.length === 0) return
    const waiting: Waiter[] = []
    for (const waiter of this.#waiters) {
      if (this.#isAt(waiter.target)) waiter.resolve()
      else waiting.push(waiter)
    }
    this.#waiters = waiting
  }

  /**
   * Creates the topic when missing (and allowed): compacted, so it holds one record per id, and
   * deleted past the window, so it does not grow for ever. An existing topic is used as it is.
   */
  async #ensureTopic(): Promise<void> {
    const { topic } = this.#options
    const existing = await this.#admin.listTopics()
    if (existing.includes(topic)) {
      await this.#warnOnPolicy()
      return
    }
    if (!this.#options.create) {
      throw new Error(`missing Kafka topic (KAFKA_CREATE_TOPICS=false): ${topic}`)
    }
    await this.#admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: this.#options.partitions,
          replicationFactor: this.#options.replicationFactor,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact,delete' },
            { name: 'retention.ms', value: String(this.#options.ttlMs) },
          ],
        },
      ],
    })
    this.#logger.log('info', 'created Kafka topics', { topics: [topic] })
  }

  /** A topic that is neither compacted nor bounded grows for ever: say so once. */
  async #warnOnPolicy(): Promise<void> {
    const { topic } = this.#options
    const { resources } = await this.#admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] },
      ],
    })
    const policy = resources[0]?.configEntries[0]?.configValue ?? ''
    if (!policy.includes('compact')) {
      this.#logger.log(
        'warn',
        `topic ${topic}: cleanup.policy is "${policy}", not compact; it keeps every record of every id until retention`,
        { topic }
      )
    }
  }
}

/**
 * A de-dup topic record: key = the 16-byte fingerprint of `key` (`vendor:tenant:event id`), value =
 * the key itself, readable for operators. Written by the bridge and by `switchboard replay`.
 */
export function dedupRecord(topic: string, key: string, fp = fingerprint(key)): TopicRecord {
  return {
    topic,
    message: { key: Buffer.from(fp.buffer, fp.byteOffset, FINGERPRINT_BYTES), value: key },
  }
}
