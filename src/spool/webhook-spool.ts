import type { VendorAdapter } from '../adapter/contract.ts'
import type { DedupWindow } from '../dedup/dedup-window.ts'
import { PayloadError } from '../errors.ts'
import type { Publisher } from '../kafka/kafka-publisher.ts'
import {
  toDeadLetterRecord,
  toTopicRecord,
  type ContentMode,
  type TopicRecord,
  type Topics,
} from '../kafka/records.ts'
import type { Logger } from '../log.ts'
import { normalize } from '../pipeline.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import type { Spool } from './spool.ts'
import { decodeSpooledWebhook, encodeSpooledWebhook, type SpooledWebhook } from './webhook-entry.ts'

/** What draining needs: the same publisher, window, topics and adapters as the live path. */
export interface DrainDeps {
  readonly publisher: Publisher
  readonly dedup: DedupWindow
  readonly topics: Topics
  readonly contentMode: ContentMode
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
export class WebhookSpool {
  readonly #spool: Spool
  readonly #maxBytes: number
  readonly #deps: DrainDeps
  #draining: Promise<void> | undefined
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
    return !this.#deps.publisher.ready || this.#spool.depth > 0 || this.#draining !== undefined
  }

  /** Appends and fsyncs; throws `SpoolFullError` past `SPOOL_MAX_BYTES`. */
  async append(webhook: SpooledWebhook): Promise<void> {
    await this.#spool.append(encodeSpooledWebhook(webhook))
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
    this.#draining = this.#drain().finally(() => {
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
    const records: TopicRecord[] = []
    const keys = new Set<string>()
    for (const entry of entries) {
      const webhook = decodeSpooledWebhook(entry.payload)
      records.push(...this.#recordsOf(webhook, keys))
    }
    if (records.length > 0) await this.#deps.publisher.publish(records)
    await Promise.all([...keys].map((key) => this.#deps.dedup.markPublished(key)))
    await this.#spool.release(last.seq)
    bridgeMetrics().spoolDrained.add(entries.length)
  }

  /** One spooled webhook's records: its events unless already published, or its dead letter. */
  #recordsOf(webhook: SpooledWebhook, keys: Set<string>): TopicRecord[] {
    const deps = this.#deps
    const adapter = deps.adapters.get(webhook.vendor)
    if (!adapter) {
      // Spooled by a bridge that knew this vendor; kept, so nothing authentic is lost.
      throw new Error(`spooled webhook of vendor "${webhook.vendor}", which is not registered`)
    }
    const trace = (record: TopicRecord): TopicRecord => {
      if (webhook.traceparent !== undefined) {
        record.message.headers = { ...record.message.headers, traceparent: webhook.traceparent }
      }
      return record
    }
    try {
      const result = normalize(adapter, { body: webhook.body, tenant: webhook.tenant })
      if (result.status === 'ignored') return []
      const { meta, events } = result
      const key = `${meta.vendor}:${meta.tenant}:${meta.eventId}`
      if (keys.has(key) || deps.dedup.isPublished(key)) return []
      keys.add(key)
      return events.map((event) => trace(toTopicRecord(event, deps.topics, deps.contentMode)))
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error
      return [
        trace(
          toDeadLetterRecord(
            {
              vendor: webhook.vendor,
              tenant: webhook.tenant,
              body: webhook.body,
              headers: webhook.headers,
              reason: error.reason,
              detail: error.detail,
              receivedAt: new Date(webhook.receivedAt),
              eventId: error.eventId,
            },
            deps.topics
          )
        ),
      ]
    }
  }
}
