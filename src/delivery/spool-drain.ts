import { context, ROOT_CONTEXT } from '@opentelemetry/api'
import type { VendorAdapter } from '../adapter/contract.ts'
import type { DedupWindow } from '../dedup/dedup-window.ts'
import type { PayloadFailure } from '../errors.ts'
import type { Publisher } from '../kafka/kafka-publisher.ts'
import { toDeadLetterRecord, type TopicRecord } from '../kafka/records.ts'
import type { Logger } from '../log.ts'
import type { Spool } from '../spool/spool.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import { planDelivery, type RecordTarget } from './plan.ts'
import {
  decodeSpooledWebhook,
  encodeSpooledWebhook,
  type SpooledWebhook,
} from './spooled-webhook.ts'

/** What draining needs: the same publisher, window, topics and adapters as the live path. */
export interface DrainDeps extends RecordTarget {
  readonly publisher: Publisher
  readonly dedup: DedupWindow
  readonly adapters: ReadonlyMap<string, VendorAdapter>
  readonly logger: Logger
  /** True once Kafka-side de-duplication is warm (the drain must not publish before). */
  readonly dedupReady: () => boolean
}

/** Entries (and payload bytes) drained per produce call. */
const DRAIN_BATCH = 500
const DRAIN_BATCH_BYTES = 4 * 1024 * 1024
/** How often an idle drainer looks for work (Kafka back, entries waiting). */
const TICK_MS = 250

/**
 * The spool as the bridge uses it (`SPOOL_DIR`): while Kafka cannot acknowledge, and for as long
 * as anything is still spooled (so a key's later webhook never overtakes an earlier spooled
 * one), authentic webhooks are appended and answered `202 spooled`. A drainer sends them to Kafka
 * in acceptance order once it is back: each batch is mapped again (the mapping is pure), checked
 * against the de-duplication window, published in one call (the batcher keeps its order), marked
 * published, and only then released. A crash between publish and release sends that batch
 * again after the restart, and de-duplication drops it (at least once, then exactly once in Kafka).
 */
export class SpoolDrain {
  readonly #spool: Spool
  readonly #maxBytes: number
  readonly #deps: DrainDeps
  #draining: Promise<void> | undefined
  /** Appends not yet fsynced. */
  #appending = 0
  #timer: NodeJS.Timeout | undefined
  #stopped = false

  constructor(spool: Spool, maxBytes: number, deps: DrainDeps) {
    this.#spool = spool
    this.#maxBytes = maxBytes
    this.#deps = deps
  }

  /** Starts looking for work every 250 ms (and at once). */
  start(): void {
    this.#tick()
  }

  /** True while new webhooks must go to the spool: Kafka down, or older ones still spooled. */
  get active(): boolean {
    // Appends still waiting for their fsync count too: a later webhook of the same key must not
    // go straight to Kafka past one that is about to be spooled.
    return (
      !this.#deps.publisher.ready ||
      this.#spool.depth > 0 ||
      this.#appending > 0 ||
      this.#draining !== undefined
    )
  }

  /** Appends and fsyncs; throws `SpoolFullError` past `SPOOL_MAX_BYTES`. */
  async append(webhook: SpooledWebhook): Promise<void> {
    this.#appending++
    try {
      await this.#spool.append(encodeSpooledWebhook(webhook))
    } finally {
      this.#appending--
    }
    this.#kick()
  }

  /** Entries, bytes and age of the oldest, for `/readyz` and the metrics. */
  get stats(): { depth: number; bytes: number; oldestAgeSeconds: number | undefined } {
    const oldest = this.#spool.oldestAppendedAt
    return {
      depth: this.#spool.depth,
      bytes: this.#spool.bytes,
      oldestAgeSeconds: oldest === undefined ? undefined : (Date.now() - oldest) / 1000,
    }
  }

  /** Whether the spool has room left (`SPOOL_MAX_BYTES`), for readiness. */
  get hasRoom(): boolean {
    return this.#spool.bytes < this.#maxBytes
  }

  /** Stops draining (the current batch finishes) and closes the spool. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#draining
    await this.#spool.close()
  }

  #tick(): void {
    if (this.#stopped) return
    this.#kick()
    this.#timer = setTimeout(() => {
      this.#tick()
    }, TICK_MS)
    this.#timer.unref()
  }

  #kick(): void {
    if (this.#draining || this.#stopped || this.#spool.depth === 0) return
    if (!this.#deps.publisher.ready || !this.#deps.dedupReady()) return
    // Outside any webhook's context: `append` kicks the drain from within a request, and the
    // drained records must carry their own spooled trace context, not that request's.
    this.#draining = context
      .with(ROOT_CONTEXT, () => this.#drain())
      .finally(() => {
        this.#draining = undefined
      })
  }

  async #drain(): Promise<void> {
    try {
      while (!this.#stopped && this.#spool.depth > 0 && this.#deps.publisher.ready) {
        await this.#drainBatch()
      }
    } catch (error) {
      // Kafka went again: what was not released stays spooled, in order, for the next tick.
      this.#deps.logger.log('warn', 'spool drain paused: Kafka did not acknowledge', {
        error: error instanceof Error ? error.message : String(error),
        depth: this.#spool.depth,
      })
    }
  }

  async #drainBatch(): Promise<void> {
    const entries = await this.#spool.peek(DRAIN_BATCH, DRAIN_BATCH_BYTES)
    const last = entries.at(-1)
    if (!last) return
    await this.#deps.dedup.barrier()
    const keys = new Set<string>()
    const perEntry = entries.map((entry) => this.#recordsOfEntry(entry.payload, keys))
    // One publish per webhook, issued in order: the batcher keeps that order and splits produce
    // requests at its size limit, so large dead letters never make one oversized request.
    await Promise.all(
      perEntry
        .filter((records) => records.length > 0)
        .map((records) => this.#deps.publisher.publish(records))
    )
    await Promise.all([...keys].map((key) => this.#deps.dedup.markPublished(key)))
    await this.#spool.release(last.seq)
    bridgeMetrics().spoolDrained.add(entries.length)
  }

  /**
   * The records of one spool entry. Nothing in an entry may stop the drain (everything behind it
   * would wait for ever): an entry that cannot be read, or whose vendor this build no longer
   * has, goes to the dead-letter topic as it is, like any authentic webhook that cannot be mapped.
   */
  #recordsOfEntry(payload: Uint8Array, keys: Set<string>): TopicRecord[] {
    let webhook: SpooledWebhook
    try {
      webhook = decodeSpooledWebhook(payload)
    } catch (error) {
      return [
        this.#deadLetter(
          {
            vendor: 'unknown',
            tenant: 'unknown',
            body: payload,
            headers: {},
            receivedAt: Date.now(),
          },
          'invalid_json',
          `spool entry unreadable: ${String(error)}`,
          undefined
        ),
      ]
    }
    const adapter = this.#deps.adapters.get(webhook.vendor)
    if (!adapter) {
      return [
        this.#deadLetter(
          webhook,
          'mapping_failed',
          `vendor "${webhook.vendor}" is not registered in this build`,
          undefined
        ),
      ]
    }
    return this.#recordsOf(adapter, webhook, keys)
  }

  #deadLetter(
    webhook: Pick<SpooledWebhook, 'vendor' | 'tenant' | 'body' | 'headers' | 'receivedAt'>,
    reason: PayloadFailure,
    detail: string,
    eventId: string | undefined
  ): TopicRecord {
    return toDeadLetterRecord(
      {
        vendor: webhook.vendor,
        tenant: webhook.tenant,
        body: webhook.body,
        headers: webhook.headers,
        reason,
        detail,
        receivedAt: new Date(webhook.receivedAt),
        eventId,
      },
      this.#deps.topics
    )
  }

  /** One spooled webhook's records: its events unless already published, or its dead letter. */
  #recordsOf(adapter: VendorAdapter, webhook: SpooledWebhook, keys: Set<string>): TopicRecord[] {
    const deps = this.#deps
    const trace = (record: TopicRecord): TopicRecord => {
      if (webhook.traceparent !== undefined) {
        record.message.headers = { ...record.message.headers, traceparent: webhook.traceparent }
      }
      return record
    }
    let plan
    try {
      // Verified when it arrived; the spool is the bridge's own disk, so no signature again.
      plan = planDelivery(
        {
          adapter,
          tenant: webhook.tenant,
          body: webhook.body,
          headers: webhook.headers,
          receivedAt: new Date(webhook.receivedAt),
        },
        deps
      )
    } catch (error) {
      // A bug in a mapping must not hold up the drain either: the body is dead-lettered.
      return [trace(this.#deadLetter(webhook, 'mapping_failed', String(error), undefined))]
    }
    switch (plan.kind) {
      case 'ignore':
        return []
      case 'dead-letter':
        return [trace(plan.record)]
      case 'publish':
        if (keys.has(plan.key) || deps.dedup.isPublished(plan.key)) return []
        keys.add(plan.key)
        return plan.records.map(trace)
    }
  }
}
