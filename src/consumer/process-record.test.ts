import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { EachMessagePayload } from 'kafkajs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { installTestTracing, newTraceparent, spansNamed } from '../../test/helpers/tracing.ts'
import type { CanonicalEvent } from '../canonical/index.ts'
import { RecordError } from '../errors.ts'
import { toBinaryMessage } from '../kafka/records.ts'
import { canonicalEachMessage } from './process-record.ts'
import { goldenEvents } from '../../test/helpers/fixtures.ts'

const exporter = installTestTracing()
beforeEach(() => {
  exporter.reset()
})

const event = goldenEvents('helpcrunch', 'chat.closed')[0]!

/** What kafkajs hands `eachMessage`: header values and the value as Buffers. */
function payload(value: string, traceparent?: string): EachMessagePayload {
  const message = toBinaryMessage(event)
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])
  )
  if (traceparent) headers['traceparent'] = Buffer.from(traceparent)
  return {
    topic: 'conversations',
    partition: 2,
    message: {
      key: Buffer.from(event.subject),
      value: Buffer.from(value),
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
