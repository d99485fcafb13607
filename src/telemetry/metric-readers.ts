import {
  ConsoleMetricExporter,
  PeriodicExportingMetricReader,
  type IMetricReader,
  type MetricProducer,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics'

type Env = Readonly<Record<string, string | undefined>>

const number = (value: string | undefined) => {
  const parsed = Number(value)
  return value !== undefined && value.trim() !== '' && Number.isFinite(parsed) && parsed >= 0
    ? parsed
    : undefined
}

/** The OTLP metric exporter for `OTEL_EXPORTER_OTLP_METRICS_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL`. */
async function otlpMetricExporter(env: Env): Promise<PushMetricExporter> {
  const protocol = (
    env['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'] ??
    env['OTEL_EXPORTER_OTLP_PROTOCOL'] ??
    'http/protobuf'
  ).trim()
  // Each exporter reads its endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables itself.
  if (protocol === 'grpc')
    return new (await import('@opentelemetry/exporter-metrics-otlp-grpc')).OTLPMetricExporter()
  if (protocol === 'http/json')
    return new (await import('@opentelemetry/exporter-metrics-otlp-http')).OTLPMetricExporter()
  return new (await import('@opentelemetry/exporter-metrics-otlp-proto')).OTLPMetricExporter()
}

/**
 * The push metric readers `OTEL_METRICS_EXPORTER` asks for (default `otlp`; `console`; `none`),
 * with `OTEL_METRIC_EXPORT_INTERVAL`/`_TIMEOUT`, each also collecting `metricProducers`. sdk-node
 * applies these rules only when it builds every reader itself, and does not export them; the
 * bridge adds its own Prometheus reader (served at `GET /metrics`), so it reads the same variables
 * here. `prometheus` needs no reader of its own.
 */
export async function metricReadersFromEnv(
  env: Env,
  metricProducers: MetricProducer[] = []
): Promise<IMetricReader[]> {
  const names = new Set(
    (env['OTEL_METRICS_EXPORTER'] ?? 'otlp')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
  )
  if (names.size === 0) names.add('otlp')
  if (names.has('none')) return []
  const exportIntervalMillis = number(env['OTEL_METRIC_EXPORT_INTERVAL']) ?? 60_000
  const exportTimeoutMillis = Math.min(
    number(env['OTEL_METRIC_EXPORT_TIMEOUT']) ?? 30_000,
    exportIntervalMillis
  )
  const readers: IMetricReader[] = []
  if (names.has('otlp')) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: await otlpMetricExporter(env),
        exportIntervalMillis,
        exportTimeoutMillis,
        metricProducers,
      })
    )
  }
  if (names.has('console')) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new ConsoleMetricExporter(),
        exportIntervalMillis,
        exportTimeoutMillis,
        metricProducers,
      })
    )
  }
  return readers
}
