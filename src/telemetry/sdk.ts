import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus'
import {
  resourceAttributesEnvDetector,
  serviceInstanceIdDetector,
  serviceNameEnvDetector,
} from '@opentelemetry/resources'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { metricReadersFromEnv } from './metric-readers.ts'
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
const detectorsUnlessChosen = (env: Env) =>
  env['OTEL_NODE_RESOURCE_DETECTORS']?.trim()
    ? {}
    : {
        resourceDetectors: [
          resourceAttributesEnvDetector,
          serviceNameEnvDetector,
          serviceInstanceIdDetector,
        ],
      }

/**
 * Starts `@opentelemetry/sdk-node`, configured only by the standard `OTEL_*` variables: traces to
 * `OTEL_TRACES_EXPORTER` (default OTLP) with `OTEL_TRACES_SAMPLER`, resource from
 * `OTEL_RESOURCE_ATTRIBUTES` (detectors from `OTEL_NODE_RESOURCE_DETECTORS`, by default none that
 * describe the host or process), propagators from `OTEL_PROPAGATORS`; metrics to `OTEL_METRICS_EXPORTER`
 * plus a Prometheus reader for `GET /metrics`. `service.name` defaults to `switchboard`.
 * No auto-instrumentation: the bridge makes its HTTP and Kafka spans itself (see
 * `src/http/observe-webhooks.ts`, `src/kafka/producer-tracing.ts`). Returns `undefined` when
 * `OTEL_SDK_DISABLED=true`.
 */
export async function startTelemetry(
  env: Env = process.env
): Promise<TelemetryRuntime | undefined> {
  if (isTrue(env['OTEL_SDK_DISABLED'])) return undefined
  const prometheus = new PrometheusExporter({ preventServerStart: true })
  const serializer = new PrometheusSerializer()
  const sdk = new NodeSDK({
    ...(!namesService(env) && { serviceName: 'switchboard' }),
    ...detectorsUnlessChosen(env),
    metricReaders: [prometheus, ...(await metricReadersFromEnv(env))],
    instrumentations: [],
  })
  sdk.start()
  return {
    async metricsText() {
      const { resourceMetrics } = await prometheus.collect()
      return serializer.serialize(resourceMetrics)
    },
    shutdown: () => sdk.shutdown(),
  }
}
