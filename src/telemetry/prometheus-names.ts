import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics'

/**
 * The Prometheus word for an OpenTelemetry (UCUM) unit, as the OpenTelemetry specification's
 * Prometheus compatibility rules give it ("Metric Metadata": `s` → `seconds`, `By` → `bytes`).
 * Annotations such as `{webhook}` have none and add no suffix.
 */
const PROMETHEUS_UNITS: Readonly<Record<string, string>> = {
  s: 'seconds',
  ms: 'milliseconds',
  By: 'bytes',
}

const sanitized = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_')

function withUnitSuffix(metric: MetricData): MetricData {
  const unit = PROMETHEUS_UNITS[metric.descriptor.unit]
  if (unit === undefined) return metric
  const { name } = metric.descriptor
  return {
    ...metric,
    descriptor: {
      ...metric.descriptor,
      name: sanitized(name).endsWith(`_${unit}`) ? name : `${name}_${unit}`,
      unit,
    },
  }
}

/**
 * `metrics` with the unit suffix Prometheus names carry: `http.server.request.duration` (unit `s`)
 * becomes `http_server_request_duration_seconds` (`_bucket`, `_sum`, `_count`), `process.memory.usage`
 * (`By`) `process_memory_usage_bytes`, and `# UNIT` says `seconds`/`bytes`. The OpenTelemetry
 * specification asks Prometheus exporters for this, and `@opentelemetry/exporter-prometheus` 0.301
 * does not do it (it only writes the unit in a `# UNIT` comment). Only the Prometheus text of
 * `GET /metrics` is renamed; OTLP keeps the semantic-convention names, which collectors suffix
 * themselves.
 */
export function withPrometheusUnitSuffixes(metrics: ResourceMetrics): ResourceMetrics {
  return {
    ...metrics,
    scopeMetrics: metrics.scopeMetrics.map((scope) => ({
      ...scope,
      metrics: scope.metrics.map(withUnitSuffix),
    })),
  }
}
