import type { Link } from '@opentelemetry/api'
import type { Admin, Kafka, Producer, TopicMessages } from 'kafkajs'
import { CompressionTypes, Partitioners } from 'kafkajs'
import type { Logger } from '../log.ts'
import { within } from '../within.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import {
  endSendSpans,
  linkToActive,
  startSendSpans,
  injectTraceContext,
  type ProducerIdentity,
} from './producer-tracing.ts'
import { MicroBatcher, type BatchReport } from './batcher.ts'
import type { TopicRecord } from './records.ts'
import { ensureTopics, type TopicSettings } from './topics.ts'

/**
 * Produce requests stay under this many estimated bytes (Kafka's message.max.bytes defaults to
 * 1 MiB). A single webhook over it travels alone, and the topics hold that (`recordLimitBytes`).
 */
const MAX_BATCH_BYTES = 512 * 1024

/** Requests over this many estimated bytes are gzip-compressed. */
const COMPRESS_ABOVE_BYTES = 64 * 1024

/** Kafka error types that concern the records of one request, not the cluster's health. */
const RECORD_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
])

/** True when the error (or one it wraps) is Kafka refusing records for their size or shape. */
export function isRecordTooLarge(error: unknown): boolean {
  const seen = new Set<unknown>()
  const visit = (e: unknown): boolean => {
    if (e === null || typeof e !== 'object' || seen.has(e)) return false
    seen.add(e)
    const { type, cause, errors } = e as { type?: unknown; cause?: unknown; errors?: unknown }
    if (typeof type === 'string' && RECORD_ERRORS.has(type)) return true
    return visit(cause) || (Array.isArray(errors) && errors.some(visit))
  }
  return visit(error)
}

/** Knobs of the publisher. */
export interface PublisherOptions {
  readonly topics: TopicSettings
  readonly lingerMs: number
  readonly maxBatchMessages: number
  /** How often the cluster is probed while healthy, and re-probed while not. */
  readonly healthIntervalMs: number
  /** For the produce spans' `messaging.client.id`, `server.address` and `server.port`. */
  readonly producer: ProducerIdentity
}

/** What the HTTP layer needs from Kafka: durable publishing and a readiness flag. */
export interface Publisher {
  /**
   * Resolves when Kafka acknowledged every record (acks = all); rejects otherwise. Records carry
   * the active (webhook's) trace context and the publish is measured, unless `bookkeeping`: the
   * bridge's own records (de-dup claims and notices), which belong to no consumer's trace.
   */
  publish(records: readonly TopicRecord[], kind?: 'events' | 'bookkeeping'): Promise<void>
  /** True while the cluster answers; while false, `publish` should not be tried. */
  readonly ready: boolean
  /** Flushes what is queued and disconnects. */
  stop(): Promise<void>
}

/**
 * Publishes through one idempotent kafkajs producer (acks = all, one request in flight, so a
 * retried request can neither duplicate nor reorder records), behind the micro-batcher. Readiness
 * follows a periodic cluster probe and every produce outcome, so `/readyz` turns 503 when the
 * broker goes and 200 again when it is back; the same producer reconnects on its next send.
 */
export class KafkaPublisher implements Publisher {
  readonly #kafka: Kafka
  #producer: Producer
  /** Set by a failed send: the next send first replaces the producer. */
  #replaceProducer = false
  readonly #admin: Admin
  readonly #batcher: MicroBatcher
  readonly #options: PublisherOptions
  readonly #logger: Logger
  #ready = false
  #probe: NodeJS.Timeout | undefined
  #stopped = false

  private constructor(kafka: Kafka, options: PublisherOptions, logger: Logger) {
    this.#options = options
    this.#logger = logger
    this.#kafka = kafka
    this.#producer = this.#newProducer()
    this.#admin = kafka.admin({ retry: { retries: 0 } })
    this.#batcher = new MicroBatcher(
      (topicMessages, links, bytes) => this.#send(topicMessages, links, bytes),
      {
        lingerMs: options.lingerMs,
        maxBatchMessages: options.maxBatchMessages,
        maxBatchBytes: MAX_BATCH_BYTES,
      },
      (report) => {
        // Kafka refusing one oversized record says nothing about Kafka's health.
        if (report.error === undefined || !isRecordTooLarge(report.error)) {
          this.#setReady(report.error === undefined, report.error)
        }
        recordBatch(report)
      }
    )
  }

  /** Connects, checks (and creates) the topics, and starts probing. Throws when Kafka cannot be reached. */
  static async start(
    kafka: Kafka,
    options: PublisherOptions,
    logger: Logger
  ): Promise<KafkaPublisher> {
    const publisher = new KafkaPublisher(kafka, options, logger)
    try {
      await publisher.#admin.connect()
      const created = await ensureTopics(publisher.#admin, options.topics, logger)
      if (created.length > 0) logger.log('info', 'created Kafka topics', { topics: created })
      await publisher.#producer.connect()
    } catch (error) {
      await Promise.allSettled([publisher.#admin.disconnect(), publisher.#producer.disconnect()])
      throw error
    }
    publisher.#setReady(true)
    publisher.#scheduleProbe()
    return publisher
  }

  get ready(): boolean {
    return this.#ready && !this.#stopped
  }

  /** Records carry the active (webhook's) trace context; the produce span links back to it. */
  async publish(
    records: readonly TopicRecord[],
    kind: 'events' | 'bookkeeping' = 'events'
  ): Promise<void> {
    if (kind === 'bookkeeping') return this.#batcher.publish(records)
    const started = performance.now()
    await this.#batcher.publish(injectTraceContext(records), linkToActive())
    bridgeMetrics().publishLatency.record((performance.now() - started) / 1000)
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#probe)
    await this.#batcher.flush()
    await Promise.allSettled([this.#producer.disconnect(), this.#admin.disconnect()])
  }

  #newProducer(): Producer {
    return this.#kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2, so other producers keyed the same way land on the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    })
  }

  /**
   * One produce request. kafkajs's retries are bounded (so an outage surfaces as a 503), and an
   * idempotent producer whose request failed may hold sequence numbers the broker disagrees with
   * (the request may have been written before the failure); so after a failure the producer is
   * replaced and the next request starts a fresh producer id and sequence. The failed request's
   * webhooks were answered 503 and are redelivered by the vendor.
   */
  async #send(
    topicMessages: TopicMessages[],
    links: ReadonlyMap<string, Link[]>,
    bytes: number
  ): Promise<unknown> {
    const spans = startSendSpans(topicMessages, links, this.#options.producer)
    try {
      if (this.#replaceProducer) {
        await this.#producer.disconnect().catch(() => undefined)
        this.#producer = this.#newProducer()
        await this.#producer.connect()
        this.#replaceProducer = false
      }
      const result = await this.#producer.sendBatch({
        topicMessages,
        acks: -1,
        // Large requests (big emails, dead-lettered bodies) compress several-fold as JSON, which
        // keeps them under the broker's message.max.bytes; small ones skip the CPU cost.
        ...(bytes > COMPRESS_ABOVE_BYTES && { compression: CompressionTypes.GZIP }),
      })
      endSendSpans(spans)
      return result
    } catch (error) {
      this.#replaceProducer = true
      endSendSpans(spans, error)
      throw error
    }
  }

  #setReady(ready: boolean, error?: unknown): void {
    if (ready === this.#ready) return
    this.#ready = ready
    this.#logger.log(
      ready ? 'info' : 'warn',
      ready ? 'Kafka is reachable' : 'Kafka is unreachable',
      {
        ...(error !== undefined && {
          error: error instanceof Error ? error.message : JSON.stringify(error),
        }),
      }
    )
  }

  #scheduleProbe(): void {
    if (this.#stopped) return
    this.#probe = setTimeout(() => {
      void this.#runProbe().finally(() => {
        this.#scheduleProbe()
      })
    }, this.#options.healthIntervalMs)
    this.#probe.unref()
  }

  async #runProbe(): Promise<void> {
    try {
      await within(this.#options.healthIntervalMs, this.#admin.describeCluster(), () => {
        throw new Error('probe timed out')
      })
      this.#setReady(true)
    } catch (error) {
      this.#setReady(false, error)
    }
  }
}

/** Produce-request metrics: duration, size, acknowledged records. */
function recordBatch(report: BatchReport): void {
  const m = bridgeMetrics()
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.name': 'send',
    ...(report.error !== undefined && {
      'error.type': report.error instanceof Error ? report.error.name : '_OTHER',
    }),
  }
  m.operationDuration.record(report.durationMs / 1000, attributes)
  m.batchSize.record(report.messages)
  if (report.error === undefined)
    m.sentMessages.add(report.messages, { 'messaging.system': 'kafka' })
}
