import type { ResourceDetector } from '@opentelemetry/resources'
import { loggerFromEnv, type Logger } from '../log.ts'
import { within } from '../within.ts'
import { routeDiagnostics } from './diagnostics.ts'
import { metricReadersFromEnv } from './metric-readers.ts'
import { localMetrics } from './metrics.ts'
import { observeProcess } from './process-metrics.ts'
import { withPrometheusUnitSuffixes } from './prometheus-names.ts'
import type { TelemetryRuntime } from './runtime.ts'

type Env = Readonly<Record<string, string | undefined>>

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true'

/** True when the environment names the service (then the default `switchboard` must not override it). */
const namesService = (env: Env) =>
  Boolean(env['OTEL_SERVICE_NAME']?.trim()) ||
  /(^|,)\s*service\.name\s*=/.test(env['OTEL_RESOURCE_ATTRIBUTES'] ?? '')

/**
 * The resource detectors when `OTEL_NODE_RESOURCE_DETECTORS` is unset: `OTEL_RESOURCE_ATTRIBUTES`
 * and a random `service.instance.id`, nothing more. sdk-node's own default adds the host name,
 * kernel, pid, executable path, command line and process owner, which `target_info` on
 * `/metrics` and every exported span would carry; setting the standard variable (e.g. `all`)
 * opts back in.
 */
const detectorsUnlessChosen = (env: Env, detectors: ResourceDetector[]) =>
  env['OTEL_NODE_RESOURCE_DETECTORS']?.trim() ? {} : { resourceDetectors: detectors }

/**
 * The most links a span may keep, unless `OTEL_SPAN_LINK_COUNT_LIMIT` sets it: a `send` span links
 * every webhook whose records its produce request carries, up to `PUBLISH_MAX_BATCH_MESSAGES`
 * records (1000 by default). The SDK's own default, 128, dropped the links of the rest (and logged
 * `Dropped N links because linkCountLimit reached`) once batches grew past 128 webhooks at high
 * rates. `undefined` leaves the variable to the SDK.
 */
export function linkCountLimit(env: Env): number | undefined {
  if (env['OTEL_SPAN_LINK_COUNT_LIMIT']?.trim()) return undefined
  const batch = Number(env['PUBLISH_MAX_BATCH_MESSAGES'])
  return Number.isSafeInteger(batch) && batch > 0 ? Math.max(batch, 128) : 1000
}

/** True when `OTEL_TRACES_EXPORTER` is `none` (as sdk-node reads it: its first entry). */
const tracesNotExported = (env: Env) =>
  env['OTEL_TRACES_EXPORTER']?.split(',')[0]?.trim().toLowerCase() === 'none'

/**
 * How long shutdown waits for the last spans and metrics to be exported. The OTLP exporters retry
 * a collector that is down for 8 s and more (SIGTERM to exit took 7.9 to 8.6 s without this
 * limit); a bridge told to stop should not wait that long for telemetry, so past this it gives up
 * on them and exits.
 */
export const TELEMETRY_SHUTDOWN_TIMEOUT_MS = 2000

/**
 * Starts `@opentelemetry/sdk-node`, configured only by the standard `OTEL_*` variables: traces to
 * `OTEL_TRACES_EXPORTER` (default OTLP) with `OTEL_TRACES_SAMPLER`, resource from
 * `OTEL_RESOURCE_ATTRIBUTES` (detectors from `OTEL_NODE_RESOURCE_DETECTORS`, by default none that
 * describe the host or process), propagators from `OTEL_PROPAGATORS`; metrics to `OTEL_METRICS_EXPORTER`
 * plus a Prometheus reader for `GET /metrics` (names with their unit suffix) and the process and
 * runtime metrics (`observeProcess`). `service.name` defaults to `switchboard`. The SDK's own
 * reports (failed exports above all) go to `logger`, folded (`routeDiagnostics`). Shutdown flushes
 * for at most {@link TELEMETRY_SHUTDOWN_TIMEOUT_MS}. The SDK's modules are loaded only then. No auto-instrumentation: the bridge makes its
 * HTTP and Kafka spans itself (see `src/http/observe-webhooks.ts`, `src/kafka/producer-tracing.ts`). Returns `undefined` when
 * `OTEL_SDK_DISABLED=true`.
 */
export async function startTelemetry(
  env: Env = process.env,
  logger: Logger = loggerFromEnv(env)
): Promise<TelemetryRuntime | undefined> {
  if (isTrue(env['OTEL_SDK_DISABLED'])) return undefined
  // Loaded only when telemetry is on: sdk-node and its exporters add about 25 MiB of RSS.
  const [{ PrometheusExporter, PrometheusSerializer }, resources, { NodeSDK }] = await Promise.all([
    import('@opentelemetry/exporter-prometheus'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-node'),
  ])
  const metricProducers = [localMetrics.attach()]
  const prometheus = new PrometheusExporter({ preventServerStart: true, metricProducers })
  const serializer = new PrometheusSerializer()
  const tracesOff = tracesNotExported(env)
  const links = linkCountLimit(env)
  const sdk = new NodeSDK({
    ...(!namesService(env) && { serviceName: 'switchboard' }),
    // No span processor means no tracer provider: spans cost nothing, and sdk-node does not warn
    // that "the SDK will not be initialized" while metrics are still served.
    ...(tracesOff && { spanProcessors: [] }),
    ...(links !== undefined && { spanLimits: { linkCountLimit: links } }),
    ...detectorsUnlessChosen(env, [
      resources.resourceAttributesEnvDetector,
      resources.serviceNameEnvDetector,
      resources.serviceInstanceIdDetector,
    ]),
    metricReaders: [prometheus, ...(await metricReadersFromEnv(env, metricProducers))],
    instrumentations: [],
  })
  // After the SDK's constructor, which installs a console logger of its own when OTEL_LOG_LEVEL is set.
  routeDiagnostics(logger, { level: env['OTEL_LOG_LEVEL'] })
  sdk.start()
  if (tracesOff) {
    logger.log(
      'info',
      'traces are not exported (OTEL_TRACES_EXPORTER=none); metrics are served at the admin listener’s /metrics'
    )
  }
  const stopObservingProcess = observeProcess()
  return {
    async metricsText() {
      const { resourceMetrics } = await prometheus.collect()
      return serializer.serialize(withPrometheusUnitSuffixes(resourceMetrics))
    },
    async shutdown() {
      stopObservingProcess()
      const ms = TELEMETRY_SHUTDOWN_TIMEOUT_MS
      await within(ms, sdk.shutdown(), () => {
        throw new Error(
          `gave up exporting the last spans and metrics after ${ms / 1000} s (is the OTLP collector at OTEL_EXPORTER_OTLP_ENDPOINT reachable?)`
        )
      })
    },
  }
}
