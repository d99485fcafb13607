import { randomUUID } from 'node:crypto'
import type { Admin, Consumer, Kafka } from 'kafkajs'
import type { Logger } from '../log.ts'
import { retryRetriable } from '../kafka/retry-retriable.ts'
import { within } from '../within.ts'
import { ClaimBook, type DedupLearner } from './claim-book.ts'
import { fingerprintPartitioner, readDedupMessage } from './dedup-records.ts'
import { ensureDedupTopic, type DedupTopicOptions } from './dedup-topic.ts'
import { TurnBatcher, type SendRecords } from './turn-batcher.ts'

export { dedupBatchRecord, dedupRecord } from './dedup-records.ts'

/** How the shared de-duplication log is kept. */
export interface DedupLogOptions extends DedupTopicOptions {
  /** Longest wait of a read barrier before the webhook goes on without it (a duplicate at worst, never a loss). */
  readonly barrierTimeoutMs: number
  /** Longest wait for the warm-up read at start; past it the bridge starts with what it read, and says so. */
  readonly warmupTimeoutMs: number
  /** How long a claim holds a key for its owner (who may have crashed) before others may claim it. */
  readonly claimTtlMs: number
}

/** A partition's offsets: where the follower is, and the log end it must reach. */
type Offsets = Map<number, number>

const noop = () => undefined

/** A barrier waiting for the follower to reach `target`. */
interface Waiter {
  readonly target: Offsets
  readonly resolve: () => void
}

/**
 * De-duplication shared by every bridge on the cluster and kept across restarts, in a Kafka topic
 * (`switchboard.dedup.v1`) of 128-bit fingerprints (16 bytes each, see `fingerprint`). This file
 * is the follower and the read barrier; the records' codecs are `dedup-records.ts`, the per-turn
 * batching `turn-batcher.ts`, the claim and waiter bookkeeping `claim-book.ts`, the topic's
 * set-up `dedup-topic.ts`.
 *
 * - **Batch records**: the ids one event-loop turn claims (or publishes) travel as one record per
 *   partition, value = the fingerprints back to back, key = a unique batch name. One record per
 *   id cost each webhook two more records to encode, send and read back. A topic this bridge
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
  readonly #admin: Admin
  readonly #book: ClaimBook
  readonly #batcher: TurnBatcher
  #consumer: Consumer | undefined
  /** Next offset the follower will read, per partition. */
  readonly #position: Offsets = new Map()
  /** Waiters for the follower to reach some end offsets. */
  #waiters: Waiter[] = []

  constructor(
    kafka: Kafka,
    options: DedupLogOptions,
    learner: DedupLearner,
    send: SendRecords,
    logger: Logger
  ) {
    this.#kafka = kafka
    this.#options = options
    this.#logger = logger
    this.#book = new ClaimBook(learner, options.claimTtlMs)
    this.#batcher = new TurnBatcher(options, send, logger)
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
    await retryRetriable(() => ensureDedupTopic(this.#admin, this.#options, this.#logger))
    const offsets = await retryRetriable(() => this.#admin.fetchTopicOffsets(this.#options.topic))
    const ends: Offsets = new Map()
    for (const { partition, low, high } of offsets) {
      this.#position.set(partition, Number(low))
      ends.set(partition, Number(high))
    }
    this.#batcher.partitionOf = fingerprintPartitioner(this.#options.topic, offsets.length)
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
          const read = readDedupMessage(message)
          if (read?.kind === 'claim') {
            this.#book.onClaim(read.fps, read.owner, at)
            // One of ours: everything before it in its partition (every earlier claim and
            // published record of the same ids) has been read now.
            this.#batcher.claimRead(read.owner)
          } else if (read?.kind === 'published') {
            this.#book.onPublished(read.fps, at)
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
    const figures = { ids: this.#book.learned, ms: Math.round(performance.now() - started) }
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
    const group = this.#batcher.claim(fp)
    await group.ready
    return group.owner
  }

  /**
   * Tells every instance (and later restarts) that `fp` was published: queued in this turn's
   * published record of its partition. Resolves once Kafka acknowledged it; never rejects (a
   * record that did not land is logged: a redelivery may then be published again).
   */
  published(fp: Uint8Array): Promise<void> {
    return this.#batcher.published(fp).ready
  }

  /** The owner of the first live claim on `fp` this instance has read, if any. */
  firstClaim(fp: Uint8Array): string | undefined {
    return this.#book.firstClaim(fp)
  }

  /** Resolves `true` once a published record for `fp` is read, or `false` after `ms`. */
  waitPublished(fp: Uint8Array, ms: number): Promise<boolean> {
    return this.#book.waitPublished(fp, ms)
  }

  /** Ids learned from the topic (own and others'), since start. */
  get learned(): number {
    return this.#book.learned
  }

  /** Unix ms of the newest record read: with the clock, how far behind the follower is. */
  get lastRecordAt(): number {
    return this.#book.lastRecordAt
  }

  /** Hands this turn's queued records to the publisher now (before it flushes at shutdown). */
  flush(): void {
    this.#batcher.flushNow()
  }

  async stop(): Promise<void> {
    this.#batcher.close()
    for (const waiter of this.#waiters) waiter.resolve()
    this.#waiters = []
    this.#book.close()
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
}
