import { metrics } from '@opentelemetry/api'
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { observeProcess } from './process-metrics.ts'
import { withPrometheusUnitSuffixes } from './prometheus-names.ts'

/** A meter provider with a Prometheus reader, registered globally as the preload registers its own. */
function prometheus() {
  const exporter = new PrometheusExporter({ preventServerStart: true })
  const provider = new MeterProvider({ readers: [exporter] })
  metrics.setGlobalMeterProvider(provider)
  const serializer = new PrometheusSerializer()
  return {
    meter: provider.getMeter('test'),
    text: async (rename = true) => {
      const { resourceMetrics } = await exporter.collect()
      return serializer.serialize(
        rename ? withPrometheusUnitSuffixes(resourceMetrics) : resourceMetrics
      )
    },
  }
}

/** The metric families of a Prometheus text: the names of its `# TYPE` lines. */
const families = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('# TYPE '))
    .map((line) => line.split(' ').slice(2).join(' '))

afterEach(() => {
  metrics.disable()
})

describe('withPrometheusUnitSuffixes', () => {
  it('adds _seconds and _bytes to the names of metrics in s and By, and leaves the rest', async () => {
    const { meter, text } = prometheus()
    meter.createHistogram('http.server.request.duration', { unit: 's' }).record(0.01)
    meter.createCounter('process.cpu.time', { unit: 's' }).add(1)
    meter.createUpDownCounter('process.memory.usage', { unit: 'By' }).add(1)
    meter.createCounter('switchboard.webhooks.received', { unit: '{webhook}' }).add(1)
    meter.createHistogram('already.in_seconds', { unit: 's' }).record(1)
    meter.createGauge('switchboard.kafka.connected', { unit: '1' }).record(1)

    // What the exporter does on its own: the unit only in a comment.
    expect(families(await text(false))).toContain('http_server_request_duration histogram')

    const renamed = await text()
    expect(families(renamed)).toEqual([
      'target_info gauge',
      'http_server_request_duration_seconds histogram',
      'process_cpu_time_seconds_total counter',
      'process_memory_usage_bytes gauge',
      'switchboard_webhooks_received_total counter',
      'already_in_seconds histogram',
      'switchboard_kafka_connected gauge',
    ])
    expect(renamed).toMatch(/^http_server_request_duration_seconds_bucket\{.*le="5"/m)
    expect(renamed).toMatch(/^http_server_request_duration_seconds_count\{/m)
    expect(renamed).toContain('# UNIT http_server_request_duration_seconds seconds')
  })
})

describe('observeProcess', () => {
  it('reports CPU seconds, resident memory, V8 heap by space and (after a window) event-loop delay', async () => {
    const { text } = prometheus()
    const stop = observeProcess()
    try {
      const scraped = await text()
      const value = (series: string) =>
        Number(
          scraped
            .split('\n')
            .find((line) => line.startsWith(`${series}{`))
            ?.split(' ')
            .at(-1)
        )
      expect(value('process_cpu_time_seconds_total')).toBeGreaterThan(0)
      expect(scraped).toMatch(/^process_cpu_time_seconds_total\{cpu_mode="system"/m)
      expect(value('process_memory_usage_bytes')).toBeGreaterThan(10 * 1024 * 1024)
      expect(scraped).toMatch(/^v8js_memory_heap_used_bytes\{v8js_heap_space_name="old_space"/m)
      // No complete 10 s window yet: no delay is reported rather than a made-up 0.
      expect(scraped).not.toMatch(/^nodejs_eventloop_delay/m)
    } finally {
      stop()
    }
  })
})
