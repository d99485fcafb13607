import {
  metrics,
  type Attributes,
  type BatchObservableResult,
  type ObservableResult,
} from '@opentelemetry/api'
import { LocalMetrics } from './local-metrics.ts'

/**
 * The bridge's counters and histograms, aggregated in the process ({@link LocalMetrics}) and
 * collected by the SDK's readers, to which the preload attaches {@link localMetrics}: until then
 * (OpenTelemetry off, or a test without it) a measurement costs one check. Created lazily. Names
 * follow the semantic conventions where one exists. The gauges below are the SDK's observable
 * instruments, read at collection.
 */
export function bridgeMetrics() {
  cached ??= createInstruments(localMetrics)
  return cached
}

/** The producer the preload gives its metric readers (`metricProducers`). */
export const localMetrics = new LocalMetrics()

let cached: ReturnType<typeof createInstruments> | undefined

/** Bucket bounds of every duration histogram, in seconds: 1 ms to 10 s (the request deadline's default). */
const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

function createInstruments(meter: LocalMetrics) {
  return {
    webhooksReceived: meter.counter('switchboard.webhooks.received', {
      description: 'Webhooks answered, by vendor and outcome',
      unit: '{webhook}',
    }),
    eventsPublished: meter.counter('switchboard.events.published', {
      description: 'Canonical events Kafka acknowledged, by type',
      unit: '{event}',
    }),
    deadLettered: meter.counter('switchboard.deadletter.records', {
      description: 'Authentic webhooks written to the dead-letter topic, by vendor and reason',
      unit: '{record}',
    }),
    spooled: meter.counter('switchboard.spool.appended', {
      description: 'Webhooks written to the local spool while Kafka could not acknowledge',
      unit: '{webhook}',
    }),
    spoolDrained: meter.counter('switchboard.spool.drained', {
      description:
        'Spooled webhooks drained to Kafka (published, duplicate, ignored or dead-lettered)',
      unit: '{webhook}',
    }),
    dedupHits: meter.counter('switchboard.dedup.hits', {
      description: 'Deliveries of a vendor event already published',
      unit: '{webhook}',
    }),
    inFlight: meter.upDownCounter('switchboard.webhooks.in_flight', {
      description: 'Webhooks being handled',
      unit: '{webhook}',
    }),
    requestDuration: meter.histogram('http.server.request.duration', {
      description: 'Duration of webhook requests',
      unit: 's',
      boundaries: SECONDS_BUCKETS,
    }),
    publishLatency: meter.histogram('switchboard.publish.latency', {
      description: "From a webhook's events being queued to Kafka's acknowledgement",
      unit: 's',
      boundaries: SECONDS_BUCKETS,
    }),
    operationDuration: meter.histogram('messaging.client.operation.duration', {
      description: 'Duration of Kafka produce requests',
      unit: 's',
      boundaries: SECONDS_BUCKETS,
    }),
    sentMessages: meter.counter('messaging.client.sent.messages', {
      description: 'Records Kafka acknowledged',
      unit: '{message}',
    }),
    batchSize: meter.histogram('switchboard.produce.batch.size', {
      description: 'Records per Kafka produce request',
      unit: '{message}',
      boundaries: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    }),
  }
}

/**
 * Reports Kafka's connection state (1 reachable, 0 not) as `switchboard.kafka.connected`, read at
 * each collection. Returns the function that stops reporting (on shutdown).
 */
export function observeKafkaConnected(
  isConnected: () => boolean,
  attributes: Attributes = {}
): () => void {
  const gauge = metrics
    .getMeter('switchboard')
    .createObservableGauge('switchboard.kafka.connected', {
      description: 'Whether Kafka answers (1) or not (0)',
      unit: '1',
    })
  const callback = (result: ObservableResult) => {
    result.observe(isConnected() ? 1 : 0, attributes)
  }
  gauge.addCallback(callback)
  return () => {
    gauge.removeCallback(callback)
  }
}

/** One gauge of {@link observeGauges}: its name, description and unit. */
interface GaugeSpec {
  readonly name: string
  readonly description: string
  readonly unit: string
}

/**
 * Gauges read together at each collection: `read()` once, then one value per gauge. Returns the
 * function that stops reporting.
 */
function observeGauges<K extends string>(
  specs: Readonly<Record<K, GaugeSpec>>,
  read: () => Readonly<Record<K, number>>
): () => void {
  const meter = metrics.getMeter('switchboard')
  const entries = (Object.entries(specs) as [K, GaugeSpec][]).map(
    ([key, { name, description, unit }]) =>
      [key, meter.createObservableGauge(name, { description, unit })] as const
  )
  const gauges = entries.map(([, gauge]) => gauge)
  const callback = (result: BatchObservableResult) => {
    const values = read()
    for (const [key, gauge] of entries) result.observe(gauge, values[key])
  }
  meter.addBatchObservableCallback(callback, gauges)
  return () => {
    meter.removeBatchObservableCallback(callback, gauges)
  }
}

/**
 * Reports the de-duplication window: `switchboard.dedup.ids` (ids remembered) and
 * `switchboard.dedup.memory` (bytes of its tables), read at each collection. Returns the function
 * that stops reporting.
 */
export function observeDedup(window: {
  readonly size: number
  readonly memoryBytes: number
}): () => void {
  return observeGauges(
    {
      ids: {
        name: 'switchboard.dedup.ids',
        description: 'Event ids the de-duplication window remembers',
        unit: '{id}',
      },
      memory: {
        name: 'switchboard.dedup.memory',
        description: 'Bytes held by the de-duplication window',
        unit: 'By',
      },
    },
    () => ({ ids: window.size, memory: window.memoryBytes })
  )
}

/**
 * Reports the spool (`SPOOL_DIR`): `switchboard.spool.depth` (webhooks waiting),
 * `switchboard.spool.size` (bytes) and `switchboard.spool.oldest.age` (seconds the oldest has
 * waited; 0 when empty). Returns the function that stops reporting.
 */
export function observeSpool(
  stats: () => { depth: number; bytes: number; oldestAgeSeconds: number | undefined }
): () => void {
  return observeGauges(
    {
      depth: {
        name: 'switchboard.spool.depth',
        description: 'Webhooks in the spool, waiting for Kafka',
        unit: '{webhook}',
      },
      size: { name: 'switchboard.spool.size', description: 'Bytes held by the spool', unit: 'By' },
      age: {
        name: 'switchboard.spool.oldest.age',
        description: 'How long the oldest spooled webhook has waited',
        unit: 's',
      },
    },
    () => {
      const now = stats()
      return { depth: now.depth, size: now.bytes, age: now.oldestAgeSeconds ?? 0 }
    }
  )
}
