import { randomUUID } from 'node:crypto'
import type { TopicRecord } from '../kafka/records.ts'
import type { Logger } from '../log.ts'
import { within } from '../within.ts'
import { dedupBatchRecord } from './dedup-records.ts'

/** Writes records to Kafka; resolves once they are acknowledged (the bridge's own publisher). */
export type SendRecords = (records: TopicRecord[]) => Promise<void>

/** Fingerprints bound for one partition in the next batch record, and who waits for it. */
export interface Group {
  readonly owner: string
  readonly fps: Uint8Array[]
  /** Settles as the record's send does (see `flush`). */
  readonly acked: Promise<void>
  readonly settle: (sent: Promise<void>) => void
  /** What its ids wait for: the acknowledgement, and for a claim the read-back too. */
  readonly ready: Promise<void>
}

const noop = () => undefined

/**
 * The ids one event-loop turn claims (or publishes) travel as one batch record per partition,
 * value = the fingerprints back to back, key = a unique batch name: one record per id cost each
 * webhook two more records to encode, send and read back. A claim's group is ready once Kafka
 * acknowledged it and the follower read it back (`claimRead`), or `barrierTimeoutMs` after the
 * acknowledgement (a lagging follower: a duplicate at worst, never a loss).
 */
export class TurnBatcher {
  readonly #topic: string
  readonly #barrierTimeoutMs: number
  readonly #send: SendRecords
  readonly #logger: Logger
  /** This process, in the batch records it writes. */
  readonly #instance = randomUUID()
  #batches = 0
  /** This instance's claim records written and not yet read back, by owner. */
  readonly #ownClaims = new Map<string, () => void>()
  /** The next batch records, per partition, filling up during this event-loop turn. */
  #claimGroups = new Map<number, Group>()
  #publishedGroups = new Map<number, Group>()
  #flushing: NodeJS.Immediate | undefined
  /** The partition of a fingerprint (set once the topic's partitions are known). */
  partitionOf: (fp: Uint8Array) => number = () => 0

  constructor(
    options: { readonly topic: string; readonly barrierTimeoutMs: number },
    send: SendRecords,
    logger: Logger
  ) {
    this.#topic = options.topic
    this.#barrierTimeoutMs = options.barrierTimeoutMs
    this.#send = send
    this.#logger = logger
  }

  /** Queues a claim of `fp` in this turn's claim record of its partition. */
  claim(fp: Uint8Array): Group {
    return this.#queue(this.#claimGroups, fp, 'claim')
  }

  /** Queues `fp` in this turn's published record of its partition. */
  published(fp: Uint8Array): Group {
    return this.#queue(this.#publishedGroups, fp, 'published')
  }

  /** The follower read a claim record back: `owner`'s group, if ours, is ready. */
  claimRead(owner: string): void {
    const seen = this.#ownClaims.get(owner)
    if (!seen) return
    this.#ownClaims.delete(owner)
    seen()
  }

  /** Hands this turn's queued records to the publisher now (before it flushes at shutdown). */
  flushNow(): void {
    if (this.#flushing === undefined) return
    clearImmediate(this.#flushing)
    this.#flush()
  }

  /** Flushes, and forgets the claims still waiting to be read back. */
  close(): void {
    this.flushNow()
    this.#ownClaims.clear()
  }

  /** Adds `fp` to this turn's group of its partition; the turn's groups leave together. */
  #queue(groups: Map<number, Group>, fp: Uint8Array, kind: 'claim' | 'published'): Group {
    const partition = this.partitionOf(fp)
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
      .then(() => within(this.#barrierTimeoutMs, seen, noop))
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
    for (const [partition, { owner, fps }] of claims) {
      records.push(dedupBatchRecord(this.#topic, partition, 'claim', owner, fps))
    }
    for (const [partition, { owner, fps }] of published) {
      records.push(dedupBatchRecord(this.#topic, partition, 'published', owner, fps))
    }
    const sent = this.#send(records)
    for (const group of claims.values()) group.settle(sent)
    const logged = sent.catch((error: unknown) => {
      this.#logger.log('warn', 'de-dup record not written; a redelivery may be published again', {
        topic: this.#topic,
        error: error instanceof Error ? error.message : String(error),
      })
    })
    for (const group of published.values()) group.settle(logged)
  }
}
