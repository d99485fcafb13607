import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { listFixtureCases } from '../helpers/fixtures.ts'
import { uniqueName } from '../helpers/kafka.ts'
import { testProcessEnv } from '../helpers/bridge.ts'
import { startBridge } from '../helpers/process.ts'
import { signFor } from '../helpers/sign.ts'

/** An OTLP/HTTP (JSON) receiver on loopback: keeps what is posted to /v1/traces and /v1/metrics. */
function startReceiver(): Promise<{
  server: Server
  url: string
  traces: unknown[]
  metrics: unknown[]
}> {
  const traces: unknown[] = []
  const metrics: unknown[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
      if (req.url === '/v1/traces') traces.push(body)
      if (req.url === '/v1/metrics') metrics.push(body)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        traces,
        metrics,
      })
    })
  })
}

interface OtlpSpan {
  name: string
}
interface OtlpTraces {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] }
    scopeSpans: { spans: OtlpSpan[] }[]
  }[]
}

/**
 * Prometheus text exposition format 0.0.4, line by line: samples, blank lines, and comments, where
 * `# HELP` and `# TYPE` must be well formed (other comments, such as `# UNIT`, are ignored by the format).
 */
function prometheusProblems(text: string): string[] {
  const sample =
    /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?\d+)?$/
  const comment =
    /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$/
  const specialComment = /^# (HELP|TYPE) /
  return text.split('\n').filter((line) => {
    if (line === '') return false
    if (line.startsWith('#')) return specialComment.test(line) && !comment.test(line)
    return !sample.test(line)
  })
}

/** The value of a Prometheus sample whose line starts with `series` and contains every label given. */
function sampleValue(text: string, series: string, labels: string[]): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${series}{`) && labels.every((label) => l.includes(label)))
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1))
}

let receiver: Awaited<ReturnType<typeof startReceiver>>
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => {
  receiver.server.close()
})

describe('the bridge process with the OpenTelemetry preload', () => {
  it('serves Prometheus metrics that move with webhooks and exports its spans over OTLP/HTTP', async () => {
    const conversations = uniqueName('conversations')
    const bridge = startBridge(
      {
        ...(await testProcessEnv()).env,
        KAFKA_TOPIC_CONVERSATIONS: conversations,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
      },
      { preload: true }
    )
    const url = await bridge.url()
    const adminUrl = await bridge.adminUrl()
    // The webhook port serves webhooks only.
    expect((await fetch(`${url}/metrics`)).status).toBe(404)
    const scrape = async () => {
      const res = await fetch(`${adminUrl}/metrics`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
      return res.text()
    }
    const before = await scrape()
    expect(prometheusProblems(before)).toEqual([])
    // Nothing about the host or the process by default (OTEL_NODE_RESOURCE_DETECTORS opts in).
    const targetInfo = before.split('\n').find((line) => line.startsWith('target_info{')) ?? ''
    expect(targetInfo).toMatch(/service_name="switchboard"/)
    expect(targetInfo).not.toMatch(/host_name|process_command|process_owner|process_pid|os_type/)

    const body = listFixtureCases().find(
      (f) => f.vendor === 'helpcrunch' && f.name === 'chat.new'
    )!.body
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/webhooks/helpcrunch`, { method: 'POST', body, headers })
    expect((await post(signFor('helpcrunch', body))).status).toBe(202)
    expect((await post(signFor('helpcrunch', body))).status).toBe(200)
    expect((await post({ 'x-helpcrunch-signature': 'f'.repeat(40) })).status).toBe(401)

    const after = await scrape()
    expect(prometheusProblems(after)).toEqual([])
    const received = (outcome: string, text: string) =>
      sampleValue(text, 'switchboard_webhooks_received_total', [
        'switchboard_webhook_vendor="helpcrunch"',
        `switchboard_webhook_outcome="${outcome}"`,
      ])
    expect(received('accepted', after) - received('accepted', before)).toBe(1)
    expect(received('duplicate', after) - received('duplicate', before)).toBe(1)
    expect(received('rejected', after) - received('rejected', before)).toBe(1)
    // A rejection says why, as a label.
    expect(after).toMatch(
      /^switchboard_webhooks_received_total\{[^}]*switchboard_webhook_outcome="rejected",switchboard_webhook_reason="signature_mismatch"/m
    )
    const published = (text: string) =>
      sampleValue(text, 'switchboard_events_published_total', [
        'switchboard_canonical_event_type="conversation.created"',
      ])
    expect(published(after) - published(before)).toBe(1)
    expect(sampleValue(after, 'switchboard_dedup_hits_total', ['helpcrunch'])).toBe(1)
    expect(sampleValue(after, 'switchboard_kafka_connected', [''])).toBe(1)
    // Histograms in seconds carry the unit in their Prometheus names.
    expect(
      sampleValue(after, 'http_server_request_duration_seconds_count', [
        'http_route="/webhooks/helpcrunch"',
        'http_response_status_code="202"',
      ])
    ).toBe(1)
    expect(after).toMatch(/^switchboard_produce_batch_size_count\{/m)
    expect(after).toMatch(/^messaging_client_operation_duration_seconds_count\{/m)
    expect(after).toMatch(/^switchboard_publish_latency_seconds_count\{/m)
    expect(after).not.toMatch(/^(http_server_request_duration|switchboard_publish_latency)_count/m)
    // Process and runtime metrics.
    expect(
      sampleValue(after, 'process_cpu_time_seconds_total', ['cpu_mode="user"'])
    ).toBeGreaterThan(0)
    expect(sampleValue(after, 'process_memory_usage_bytes', [''])).toBeGreaterThan(0)
    expect(after).toMatch(/^v8js_memory_heap_used_bytes\{v8js_heap_space_name="old_space"/m)

    bridge.child.kill('SIGTERM')
    expect(await bridge.exited).toBe(0)
    // Shutdown flushes telemetry last, so everything has reached the receiver by now.
    const batches = receiver.traces as OtlpTraces[]
    const resources = batches.flatMap((b) => b.resourceSpans)
    const names = new Set(
      resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name)))
    )
    for (const name of ['POST /webhooks/helpcrunch', `send ${conversations}`]) {
      expect([...names], name).toContain(name)
    }
    const serviceNames = new Set(
      resources.map(
        (r) => r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue
      )
    )
    expect([...serviceNames]).toEqual(['switchboard'])
    expect(receiver.metrics.length).toBeGreaterThan(0)
  }, 120_000)

  it('logs a missing collector once, folded, and gives up on it at shutdown after 2 s', async () => {
    const closedPort = await findFreePort()
    const bridge = startBridge(
      {
        ...(await testProcessEnv()).env,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedPort}`,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_METRIC_EXPORT_INTERVAL: '300',
        OTEL_METRIC_EXPORT_TIMEOUT: '300',
      },
      { preload: true }
    )
    const url = await bridge.url()
    const body = listFixtureCases().find(
      (f) => f.vendor === 'helpcrunch' && f.name === 'chat.new'
    )!.body
    const post = { method: 'POST', body, headers: signFor('helpcrunch', body) }
    expect((await fetch(`${url}/webhooks/helpcrunch`, post)).status).toBe(202)
    await bridge.waitFor(/"OpenTelemetry: /, 30_000)
    // A metric export fails every 300 ms: a few seconds later, still one line per kind of failure
    // (at most one for metrics and one for traces), folded instead of repeated.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const otelLines = bridge.lines
      .filter((line) => line.includes('"OpenTelemetry: '))
      .map((line) => JSON.parse(line) as { level: string; message: string })
    const messages = otelLines.map((line) => line.message)
    expect(messages.some((message) => message.includes('metrics export'))).toBe(true)
    expect(messages.length).toBeLessThanOrEqual(2)
    expect(new Set(messages).size).toBe(messages.length)
    expect(otelLines.every((line) => line.level === 'warn')).toBe(true)
    expect(messages.join('\n')).not.toMatch(/\n\s+at /)

    const stopping = performance.now()
    bridge.child.kill('SIGTERM')
    expect(await bridge.exited).toBe(0)
    // The exporters retry a refused collector for 8 to 12 s; shutdown waits 2 s for them.
    expect(performance.now() - stopping).toBeLessThan(4000)
    expect(bridge.lines.join('\n')).toMatch(/telemetry was not flushed/)
  }, 90_000)

  it('starts no SDK with OTEL_SDK_DISABLED=true: /metrics answers 404 and the bridge still works', async () => {
    const bridge = startBridge(
      {
        ...(await testProcessEnv()).env,
        OTEL_SDK_DISABLED: 'true',
      },
      { preload: true }
    )
    const adminUrl = await bridge.adminUrl()
    expect((await fetch(`${adminUrl}/metrics`)).status).toBe(404)
    expect((await fetch(`${adminUrl}/healthz`)).status).toBe(200)
    expect(bridge.lines.join('\n')).toMatch(/OpenTelemetry is off/)
    bridge.child.kill('SIGTERM')
    expect(await bridge.exited).toBe(0)
  }, 60_000)
})
