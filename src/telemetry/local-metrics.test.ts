import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus'
import { MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics'
import { describe, expect, it } from 'vitest'
import { LocalMetrics } from './local-metrics.ts'

/** The Prometheus text a reader with these producers serves, without its SDK's own target_info. */
async function scrape(setup: (provider: MeterProvider) => void, producers: MetricProducer[] = []) {
  const exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: producers })
  const provider = new MeterProvider({ readers: [exporter] })
  setup(provider)
  const { resourceMetrics } = await exporter.collect()
  await provider.shutdown()
  return new PrometheusSerializer()
    .serialize(resourceMetrics)
    .split('\n')
    .filter((line) => line !== '' && !line.includes('target_info'))
    .join('\n')
}

const BOUNDS = [0.001, 0.01, 0.1, 1]

describe('LocalMetrics', () => {
  it('serves the same Prometheus series as the SDK’s own instruments', async () => {
    const measure = (instruments: {
      received: { add(v: number, a?: Record<string, string>): void }
      inFlight: { add(v: number): void }
      duration: { record(v: number, a?: Record<string, string | number>): void }
    }) => {
      instruments.received.add(1, { vendor: 'plain', outcome: 'accepted' })
      // The same attributes in another order are the same series.
      instruments.received.add(2, { outcome: 'accepted', vendor: 'plain' })
      instruments.received.add(1, { vendor: 'plain', outcome: 'rejected', reason: 'x' })
      instruments.inFlight.add(3)
      instruments.inFlight.add(-2)
      for (const v of [0.0005, 0.001, 0.05, 0.05, 2]) {
        instruments.duration.record(v, { route: '/webhooks/plain', status: 202 })
      }
    }
    const sdk = await scrape((provider) => {
      const meter = provider.getMeter('switchboard')
      measure({
        received: meter.createCounter('switchboard.webhooks.received', {
          description: 'Webhooks',
          unit: '{webhook}',
        }),
        inFlight: meter.createUpDownCounter('switchboard.webhooks.in_flight', {
          description: 'In flight',
          unit: '{webhook}',
        }),
        duration: meter.createHistogram('http.server.request.duration', {
          description: 'Duration',
          unit: 's',
          advice: { explicitBucketBoundaries: BOUNDS },
        }),
      })
    })
    const local = new LocalMetrics().attach()
    measure({
      received: local.counter('switchboard.webhooks.received', {
        description: 'Webhooks',
        unit: '{webhook}',
      }),
      inFlight: local.upDownCounter('switchboard.webhooks.in_flight', {
        description: 'In flight',
        unit: '{webhook}',
      }),
      duration: local.histogram('http.server.request.duration', {
        description: 'Duration',
        unit: 's',
        boundaries: BOUNDS,
      }),
    })
    const produced = await scrape(() => undefined, [local])
    expect(produced).toBe(sdk)
    expect(produced).toContain(
      'switchboard_webhooks_received_total{vendor="plain",outcome="accepted",otel_scope_name="switchboard"} 3'
    )
    expect(produced).toMatch(/http_server_request_duration_bucket\{[^}]*le="0.001"\} 2/)
  })

  it('keeps nothing until a reader is attached', async () => {
    const local = new LocalMetrics()
    local.counter('c', { description: 'c', unit: '1' }).add(1)
    local.histogram('h', { description: 'h', unit: 's', boundaries: [1] }).record(1)
    const { resourceMetrics } = await local.collect()
    expect(resourceMetrics.scopeMetrics).toEqual([])
    expect(await scrape(() => undefined, [local])).toBe('# no registered metrics')
  })
})
