import { metrics, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import type { EachMessagePayload, Message } from 'kafkajs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { installTestTracing, newTraceparent, spansNamed } from '../../test/helpers/tracing.ts'
import type { CanonicalEvent } from '../canonical/index.ts'
import { RecordError } from '../errors.ts'
import { toBinaryMessage } from '../kafka/records.ts'
import { canonicalEachMessage } from './process-record.ts'
import { ADDITIVE_CHANGES, NEW_TYPE } from './testing/additive-changes.ts'
import { goldenEvents } from '../../test/helpers/fixtures.ts'

const exporter = installTestTracing()
beforeEach(() => {
  exporter.reset()
})

/** Collects on demand: the counter's points without an exporter. */
class TestReader extends MetricReader {
  protected override onForceFlush = () => Promise.resolve()
  protected override onShutdown = () => Promise.resolve()
}
const reader = new TestReader()
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }))

/** The `switchboard.consumer.records` points as `outcome type → value`. */
async function recordCounts(): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect()
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((m) => m.descriptor.name === 'switchboard.consumer.records')
  return Object.fromEntries(
    (metric?.dataPoints ?? []).map((point) => [
      `${point.attributes['switchboard.consumer.outcome'] as string} ${(point.attributes['cloudevents.event_type'] as string | undefined) ?? '-'}`,
      point.value as number,
    ])
  )
}

const event = goldenEvents('helpcrunch', 'chat.closed')[0]!

/** What kafkajs hands `eachMessage`: header values and the value as Buffers. */
function payload(value: string, traceparent?: string): EachMessagePayload {
  return payloadOf({ ...toBinaryMessage(event), value }, traceparent)
}

function payloadOf(message: Message, traceparent?: string): EachMessagePayload {
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])
  )
  if (traceparent) headers['traceparent'] = Buffer.from(traceparent)
  return {
    topic: 'conversations',
    partition: 2,
    message: {
      key: Buffer.from(event.subject),
      value: Buffer.from(String(message.value)),
      headers,
      offset: '41',
      timestamp: '0',
      attributes: 0,
    },
    heartbeat: () => Promise.resolve(),
    pause: () => () => {},
  }
}

describe('canonicalEachMessage', () => {
  it("hands the handler the validated event inside a CONSUMER span that continues the record's trace", async () => {
    const incoming = newTraceparent()
    const handler = vi.fn<(event: CanonicalEvent) => Promise<void>>(() => Promise.resolve())
    await canonicalEachMessage(handler, { groupId: 'g1' })(
      payload(JSON.stringify(event.data), incoming.traceparent)
    )
    expect(handler.mock.calls[0]![0]).toEqual(event)
    const [span] = spansNamed(exporter, 'process conversations')
    expect(span!.kind).toBe(SpanKind.CONSUMER)
    expect(span!.spanContext().traceId).toBe(incoming.traceId)
    expect(span!.parentSpanContext?.spanId).toBe(incoming.spanId)
    expect(span!.attributes).toMatchObject({
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'messaging.kafka.message.key': event.subject,
      'messaging.consumer.group.name': 'g1',
      'cloudevents.event_id': event.id,
      'cloudevents.event_subject': event.subject,
    })
  })

  it('rethrows a handler error and marks the span failed', async () => {
    const each = canonicalEachMessage(() => Promise.reject(new Error('db down')))
    await expect(each(payload(JSON.stringify(event.data)))).rejects.toThrow('db down')
    expect(spansNamed(exporter, 'process conversations')[0]!.status.code).toBe(SpanStatusCode.ERROR)
  })

  it('throws RecordError for a record that is not a canonical event, unless onInvalidRecord takes it', async () => {
    const handler = vi.fn(() => Promise.resolve())
    await expect(canonicalEachMessage(handler)(payload('{"not":"data"}'))).rejects.toBeInstanceOf(
      RecordError
    )
    const parked: RecordError[] = []
    await canonicalEachMessage(handler, {
      onInvalidRecord: (error) => Promise.resolve(void parked.push(error)),
    })(payload('{"not":"data"}'))
    expect(parked).toHaveLength(1)
    expect(handler).not.toHaveBeenCalled()
    expect(
      spansNamed(exporter, 'process conversations').every(
        (s) => s.status.code === SpanStatusCode.ERROR
      )
    ).toBe(true)
  })
})

describe('canonicalEachMessage with changes the contract calls additive', () => {
  it('hands known types to the handler, skips and counts unknown ones, and never throws', async () => {
    const handled: CanonicalEvent[] = []
    const before = await recordCounts()
    const each = canonicalEachMessage((e) => Promise.resolve(void handled.push(e)))
    for (const change of ADDITIVE_CHANGES) await each(payloadOf(change.record(event)))
    const unknown = ADDITIVE_CHANGES.filter((change) => change.kind === 'unknown_type').length
    expect(handled).toHaveLength(ADDITIVE_CHANGES.length - unknown)
    expect(handled.every((e) => e.id === event.id)).toBe(true)
    expect(each.stats).toEqual({
      handled: ADDITIVE_CHANGES.length - unknown,
      unknownType: unknown,
      invalid: 0,
    })
    const skipped = spansNamed(exporter, 'process conversations').filter(
      (span) => span.attributes['switchboard.consumer.outcome'] === 'unknown_type'
    )
    expect(skipped).toHaveLength(unknown)
    expect(skipped[0]!.attributes['cloudevents.event_type']).toBe(NEW_TYPE)
    expect(skipped[0]!.status.code).toBe(SpanStatusCode.UNSET)
    // The counter is cumulative: earlier tests of this file counted too.
    const after = await recordCounts()
    const added = (key: string) => (after[key] ?? 0) - (before[key] ?? 0)
    expect(added(`handled ${event.type}`)).toBe(ADDITIVE_CHANGES.length - unknown)
    expect(added(`unknown_type ${NEW_TYPE}`)).toBe(unknown)
  })

  it('hands unknown types to onUnknownType, whose error fails the span and is rethrown', async () => {
    const seen: string[] = []
    const change = ADDITIVE_CHANGES.find((c) => c.kind === 'unknown_type')!
    const each = canonicalEachMessage(() => Promise.resolve(), {
      onUnknownType: (unknown) => Promise.resolve(void seen.push(unknown.type)),
    })
    await each(payloadOf(change.record(event)))
    expect(seen).toEqual([NEW_TYPE])
    const failing = canonicalEachMessage(() => Promise.resolve(), {
      onUnknownType: () => Promise.reject(new Error('landing zone down')),
    })
    await expect(failing(payloadOf(change.record(event)))).rejects.toThrow('landing zone down')
    expect(spansNamed(exporter, 'process conversations').at(-1)!.status.code).toBe(
      SpanStatusCode.ERROR
    )
  })

  it('rejects every additive change when strict', async () => {
    const handler = vi.fn(() => Promise.resolve())
    const parked: RecordError[] = []
    const each = canonicalEachMessage(handler, {
      strict: true,
      onUnknownType: () => Promise.reject(new Error('not called when strict')),
      onInvalidRecord: (error) => Promise.resolve(void parked.push(error)),
    })
    for (const change of ADDITIVE_CHANGES) await each(payloadOf(change.record(event)))
    expect(handler).not.toHaveBeenCalled()
    expect(parked).toHaveLength(ADDITIVE_CHANGES.length)
    expect(each.stats).toEqual({ handled: 0, unknownType: 0, invalid: ADDITIVE_CHANGES.length })
    await expect(
      canonicalEachMessage(handler, { strict: true })(payloadOf(ADDITIVE_CHANGES[0]!.record(event)))
    ).rejects.toBeInstanceOf(RecordError)
  })
})
