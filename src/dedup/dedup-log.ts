import { randomUUID } from 'node:crypto'
import kafkajs, { type Admin, type Consumer, type Kafka, type PartitionMetadata } from 'kafkajs'
import type { Logger } from '../log.ts'
import type { TopicRecord } from '../kafka/records.ts'
import { retryRetriable } from '../kafka/retry-retriable.ts'
import { within } from '../within.ts'
import { fingerprint, FINGERPRINT_BYTES } from './fingerprint.ts'

const { ConfigResourceTypes, Partitioners } = kafkajs

/** How the shared de-duplication log is kept. */
export interface DedupLogOptions {
  /** The topic of claimed and published event ids (`KAFKA_TOPIC_DEDUP`). */
  readonly topic: string
  /** How long an id is remembered: the topic's `retention.ms`, and the age past which a record is skipped. */
  readonly ttlMs: number
  readonly replicationFactor: number
  readonly create: boolean
  /** Longest wait of a read barrier before the webhook goes on without it (a duplicate at worst, never a loss). */
  readonly barrierTimeoutMs: number
  /** Longest wait for the warm-up read at start; past it the bridge starts with what it read, and says so. */
  readonly warmupTimeoutMs: number
  /** How long a claim holds a key for its owner (who may have crashed) before others may claim it. */
  readonly claimTtlMs: number
}

/** Writes records to Kafka; resolves once they are acknowledged (the bridge's own publisher). */
export type SendRecords = (records: TopicRecord[]) => Promise<void>

/** What the log feeds: the window learns every id any instance published. */
export interface DedupLearner {
  /** Remembers the fingerprint at `offset` of `fp`; `false` if it was known already. */
  learn(fp: Uint8Array, offset: number): boolean
  /** Whether the fingerprint at `offset` of `fp` is remembered as published. */
  knows(fp: Uint8Array, offset: number): boolean
}

/** A partition's offsets: where the follower is, and the log end it must reach. */
type Offsets = Map<number, number>

const noop = () => undefined

/** Header of a claim record: its owner. A single-id record without it: the id was published. */
const CLAIM_HEADER = 'switchboard-claim'
/** Header of a batch record of published ids (its value: the fingerprints, 16 bytes each). */
const PUBLISHED_HEADER = 'switchboard-published'

/** The fingerprint at `offset` of `fp`, as a Buffer view (no copy). */
const fingerprintView = (fp: Uint8Array, offset = 0) =>
  Buffer.from(fp.buffer, fp.byteOffset + offset, FINGERPRINT_BYTES)

/** The fingerprint at `offset` of `fp` in hex: the key of the claim and waiter maps. */
const hexOf = (fp: Uint8Array, offset = 0) => fingerprintView(fp, offset).toString('hex')

/** A barrier waiting for the follower to reach `target`. */
interface Waiter {
  readonly target: Offsets
  readonly resolve: () => void
}

/** Fingerprints bound for one partition in the next batch record, and who waits for it. */
interface Group {
  readonly owner: string
  readonly fps: Uint8Array[]
  /** Settles as the record's send does (see `#flush`). */
  readonly acked: Promise<void>
  readonly settle: (sent: Promise<void>) => void
  /** What its ids wait for: the acknowledgement, and for a claim the read-back too. */
  readonly ready: Promise<void>
}

/**
 * De-duplication shared by every bridge on the cluster and kept across restarts, in a Kafka topic
 * (`switchboard.dedup.v1`) of 128-bit fingerprints (16 bytes each, see `fingerprint`).
 *
 * - **Batch records**: the ids one event-loop turn claims (or publishes) travel as one record per
 *   partition, value = the fingerprints back to back, key = a unique batch name. One record per
 *   id cost each webhook two more records to encode, send and read back: the bench measured
 *   0.77 ms CPU per webhook against 0.49 ms with de-duplication in memory. A topic this bridge
 *   creates has one partition (every bridge reads all of it anyway, and one partition makes one
 *   record per turn) and `cleanup.policy=delete` (keys are unique: nothing to compact); records
 *   leave after `retention.ms`, the window. Single-id records (key = the fingerprint), as
 *   `switchboard replay` and earlier bridges write them, are read too.
 * - **Written after the events are acknowledged**, never with them: Kafka does not make one
 *   produce request atomic across partitions, and a de-dup record that landed while its events
 *   did not would turn the vendor's retry into a false duplicate, a lost event. Written after, the
 *   worst case is the reverse (events landed, record did not): a later delivery is published again.
 * - **Warmed at start**: the bridge reads the topic to its end before it listens, so a delivery
 *   after a restart finds every id published before it.
 * - **Followed continuously** by a consumer of its own (a unique group, no commits), so each
 *   instance learns the ids the others publish.
 * - **Claims**: before publishing an event it has not seen, an instance writes a claim and waits
 *   until its follower reads it back; by then it has read every earlier record of that id's
 *   partition (each id's records go to the partition the default partitioner gives its
 *   fingerprint). The first live claim in the topic's order publishes; the others wait for its
 *   published record (`claim`, `firstClaim`, `waitPublished`).
 * - **Read barrier** (`barrier`), for the spool's drain, which publishes without claims: the
 *   topic's end offsets, and a wait until the follower has read that far.
 */
export class DedupLog {
  readonly #kafka: Kafka
  readonly #options: DedupLogOptions
  readonly #logger: Logger
  readonly #learner: DedupLearner
  readonly #send: SendRecords
  readonly #admin: Admin
  #consumer: Consumer | undefined
  /** Next offset the follower will read, per partition. */
  readonly #position: Offsets = new Map()
  /** The partition of a fingerprint: kafkajs's default partitioner, as for a single-id record. */
  #partitionOf: (fp: Uint8Array) => number = () => 0
  /** Waiters for the follower to reach some end offsets. */
  #waiters: Waiter[] = []
  #learned = 0
  #lastRecordAt = 0
  /** This process, in the batch records it writes. */
  readonly #instance = randomUUID()
  #batches = 0
  /** Per fingerprint (hex): the first live claim read. */
  readonly #claimed = new Map<string, { owner: string; at: number }>()
  readonly #publishedWaiters = new Map<string, ((published: boolean) => void)[]>()
  /** This instance's claim records written and not yet read back, by owner. */
  readonly #ownClaims = new Map<string, () => void>()
  /** The next batch records, per partition, filling up during this event-loop turn. */
  #claimGroups = new Map<number, Group>()
  #publishedGroups = new Map<number, Group>()
  #flushing: NodeJS.Immediate | undefined

  constructor(
    kafka: Kafka,
    options: DedupLogOptions,
    learner: DedupLearner,
    send: SendRecords,
    logger: Logger
  ) {
    this.#kafka = kafka
    this.#options = options
    this.#learner = learner
    this.#send = send
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
    this.#partitionOf = fingerprintPartitioner(this.#options.topic, offsets.length)
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
          const at = Number(message.timestamp)
          if (at < oldest) continue
          const claim = message.headers?.[CLAIM_HEADER]
          const owner = claim === undefined ? undefined : String(claim)
          // A single-id record (`dedupRecord`): key = the fingerprint; a batch record: value.
          const single = message.key?.length === FINGERPRINT_BYTES
          const fps = single ? message.key : message.value
          if (!fps) continue
          if (owner !== undefined) this.#onClaim(fps, owner, at)
          else if (single || message.headers?.[PUBLISHED_HEADER] !== undefined) {
            this.#onPublished(fps, at)
          }
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
   * Claims `fp` for this instance: queues it in this turn's claim record of its partition, and
   * resolves with the record's owner once the follower has read that record back, or
   * `barrierTimeoutMs` after Kafka acknowledged it (a lagging follower: go on, a duplicate at
   * worst, never a loss). Once it is read, every earlier record of the id's partition has been
   * read too, so `firstClaim` tells who won. Rejects when Kafka does not acknowledge the claim.
   */
  async claim(fp: Uint8Array): Promise<string> {
    const group = this.#queue(this.#claimGroups, fp, 'claim')
    await group.ready
    return group.owner
  }

  /**
   * Tells every instance (and later restarts) that `fp` was published: queued in this turn's
   * published record of its partition. Resolves once Kafka acknowledged it; never rejects (a
   * record that did not land is logged: a redelivery may then be published again).
   */
  published(fp: Uint8Array): Promise<void> {
    return this.#queue(this.#publishedGroups, fp, 'published').ready
  }

  /** Adds `fp` to this turn's group of its partition; the turn's groups leave together. */
  #queue(groups: Map<number, Group>, fp: Uint8Array, kind: 'claim' | 'published'): Group {
    const partition = this.#partitionOf(fp)
    let group = groups.get(partition)
    if (!group) {
      group = this.#newGroup(`${kind}:${this.#instance}:${String(++this.#batches)}`, kind)
      groups.set(partition, group)
    }
    group.fps.push(fp)
    this.#flushing ??= setImmediate(() => {
      this.#flush()
    })
    return group
  }

  #newGroup(owner: string, kind: 'claim' | 'published'): Group {
    let settle: (sent: Promise<void>) => void = noop
    const acked = new Promise<void>((resolve) => {
      settle = resolve
    })
    if (kind === 'published') return { owner, fps: [], acked, settle, ready: acked }
    let read: () => void = noop
    const seen = new Promise<void>((resolve) => {
      read = resolve
    })
    this.#ownClaims.set(owner, read)
    const ready = acked
      .then(() => within(this.#options.barrierTimeoutMs, seen, noop))
      .finally(() => this.#ownClaims.delete(owner))
    return { owner, fps: [], acked, settle, ready }
  }

  /** Sends this turn's claim and published records in one publish. */
  #flush(): void {
    this.#flushing = undefined
    const claims = this.#claimGroups
    const published = this.#publishedGroups
    this.#claimGroups = new Map()
    this.#publishedGroups = new Map()
    const records: TopicRecord[] = []
    const { topic } = this.#options
    for (const [partition, { owner, fps }] of claims) {
      records.push(dedupBatchRecord(topic, partition, 'claim', owner, fps))
    }
    for (const [partition, { owner, fps }] of published) {
      records.push(dedupBatchRecord(topic, partition, 'published', owner, fps))
    }
    const sent = this.#send(records)
    for (const group of claims.values()) group.settle(sent)
    const logged = sent.catch((error: unknown) => {
      this.#logger.log('warn', 'de-dup record not written; a redelivery may be published again', {
        topic: this.#options.topic,
        error: error instanceof Error ? error.message : String(error),
      })
    })
    for (const group of published.values()) group.settle(logged)
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

  /** Learns the fingerprints back to back in `fps`, and wakes whoever waits for one of them. */
  #onPublished(fps: Buffer, at: number): void {
    if (at > this.#lastRecordAt) this.#lastRecordAt = at
    // Hex strings only while some claim or waiter could need one: a warm-up reads millions.
    const watched = this.#claimed.size > 0 || this.#publishedWaiters.size > 0
    for (let offset = 0; offset + FINGERPRINT_BYTES <= fps.length; offset += FINGERPRINT_BYTES) {
      if (this.#learner.learn(fps, offset)) this.#learned++
      if (!watched) continue
      const hex = hexOf(fps, offset)
      this.#claimed.delete(hex)
      const waiters = this.#publishedWaiters.get(hex)
      if (waiters) {
        this.#publishedWaiters.delete(hex)
        for (const waiter of waiters) waiter(true)
      }
    }
  }

  /** Keeps the first live claim of each id in `fps`; later ones (while it lives) lose to it. */
  #onClaim(fps: Buffer, owner: string, at: number): void {
    // A claim past its life decides nothing (most of a warm-up's claims).
    if (Date.now() - at < this.#options.claimTtlMs) {
      for (let offset = 0; offset + FINGERPRINT_BYTES <= fps.length; offset += FINGERPRINT_BYTES) {
        // A claim on an id already published (a redelivery) decides nothing: do not keep it.
        if (!this.#learner.knows(fps, offset)) {
          this.#keepFirstClaim(hexOf(fps, offset), owner, at)
        }
      }
    }
    // One of ours: everything before it in its partition (every earlier claim and published
    // record of the same ids) has been read now.
    const seen = this.#ownClaims.get(owner)
    if (seen) {
      this.#ownClaims.delete(owner)
      seen()
    }
  }

  #keepFirstClaim(hex: string, owner: string, at: number): void {
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

  /** Ids learned from the topic (own and others'), since start. */
  get learned(): number {
    return this.#learned
  }

  /** Unix ms of the newest record read: with the clock, how far behind the follower is. */
  get lastRecordAt(): number {
    return this.#lastRecordAt
  }

  /** Hands this turn's queued records to the publisher now (before it flushes at shutdown). */
  flush(): void {
    if (this.#flushing === undefined) return
    clearImmediate(this.#flushing)
    this.#flush()
  }

  async stop(): Promise<void> {
    this.flush()
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
   * Creates the topic when missing (and allowed), with records deleted past the window so it does
   * not grow for ever. An existing topic (one from an earlier bridge is `compact,delete` with
   * more partitions) is used as it is.
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
          // One partition: every bridge reads all of it anyway, and a turn's ids make one record.
          numPartitions: 1,
          replicationFactor: this.#options.replicationFactor,
          configEntries: [
            // Batch records have unique keys: nothing to compact; they leave with the window.
            { name: 'cleanup.policy', value: 'delete' },
            { name: 'retention.ms', value: String(this.#options.ttlMs) },
          ],
        },
      ],
    })
    this.#logger.log('info', 'created Kafka topics', { topics: [topic] })
  }

  /** A topic whose records are never deleted grows for ever: say so once. */
  async #warnOnPolicy(): Promise<void> {
    const { topic } = this.#options
    const { resources } = await this.#admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] },
      ],
    })
    const policy = resources[0]?.configEntries[0]?.configValue ?? ''
    if (!policy.includes('delete')) {
      this.#logger.log(
        'warn',
        `topic ${topic}: cleanup.policy is "${policy}", without delete; its batch records are kept for ever`,
        { topic }
      )
    }
  }
}

/**
 * A single-id published record: key = the 16-byte fingerprint of `key` (`vendor:tenant:event id`),
 * value = the key itself, readable for operators. Written by `switchboard replay`, which writes a
 * record at a time; the default partitioner puts it where a bridge's batch records of that id go.
 */
export function dedupRecord(topic: string, key: string, fp = fingerprint(key)): TopicRecord {
  return {
    topic,
    message: { key: fingerprintView(fp), value: key },
  }
}

/**
 * A batch record: key = `owner` (unique), value = the fingerprints back to back, a header that
 * says what they are (a claim names its owner).
 */
export function dedupBatchRecord(
  topic: string,
  partition: number,
  kind: 'claim' | 'published',
  owner: string,
  fps: readonly Uint8Array[]
): TopicRecord {
  return {
    topic,
    message: {
      key: owner,
      value: Buffer.concat(fps, fps.length * FINGERPRINT_BYTES),
      partition,
      headers: kind === 'claim' ? { [CLAIM_HEADER]: owner } : { [PUBLISHED_HEADER]: '1' },
    },
  }
}

/**
 * The partition kafkajs's default partitioner gives a record keyed by a fingerprint in a topic of
 * `partitions` partitions: a batch record of an id lands where a single-id record of it does.
 */
function fingerprintPartitioner(topic: string, partitions: number): (fp: Uint8Array) => number {
  if (partitions <= 1) return () => 0
  const partitioner = Partitioners.DefaultPartitioner()
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, id) => ({
    partitionErrorCode: 0,
    partitionId: id,
    leader: 0,
    replicas: [0],
    isr: [0],
  }))
  return (fp) =>
    partitioner({ topic, partitionMetadata, message: { key: fingerprintView(fp), value: null } })
}
