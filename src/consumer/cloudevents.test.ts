import { CloudEvent, Kafka } from 'cloudevents'
import { describe, expect, it } from 'vitest'
import type { CanonicalEventOf } from '../canonical/index.ts'
import { toBinaryMessage } from '../kafka/records.ts'
import { goldenEvents } from '../../test/helpers/fixtures.ts'
import { toCloudEvent } from './cloudevents.ts'
import { decodeCanonicalRecord, decodeRecord } from './decode-record.ts'
import { ADDITIVE_CHANGES } from './testing/additive-changes.ts'

const event = goldenEvents('helpcrunch', 'chat.rated')[0] as CanonicalEventOf<'conversation.rated'>

/** An SDK Kafka message as kafkajs would deliver it: a JSON value and string headers. */
const asReceived = (message: { value: unknown; headers: Record<string, unknown> }) => ({
  value: Buffer.from(
    typeof message.value === 'string' ? message.value : JSON.stringify(message.value)
  ),
  // The SDK writes unset attributes as undefined headers, which Kafka carries as null values.
  headers: Object.fromEntries(
    Object.entries(message.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, v as string]]))
  ),
})

describe('toCloudEvent', () => {
  it('is a CloudEvent of the SDK with the same attributes, extensions and data', () => {
    const cloudEvent = toCloudEvent(event)
    expect(cloudEvent).toBeInstanceOf(CloudEvent)
    expect(cloudEvent.toJSON()).toEqual(event)
    expect(cloudEvent.data?.change.rating.score).toBe(event.data.change.rating.score)
  })

  it("round-trips through the SDK's own Kafka binding, both modes, strict", () => {
    const cloudEvent = toCloudEvent(event)
    for (const message of [Kafka.structured(cloudEvent), Kafka.binary(cloudEvent)]) {
      expect(decodeCanonicalRecord(asReceived(message), { strict: true })).toEqual(event)
    }
  })

  it('reads the records the bridge writes as the SDK does', () => {
    const message = toBinaryMessage(event)
    const sdkEvent = Kafka.toEvent({
      key: String(message.key),
      value: message.value,
      headers: message.headers as Record<string, string>,
      body: message.value,
      timestamp: '0',
    } as never) as CloudEvent
    expect(toCloudEvent(decodeCanonicalRecord(asReceived(message as never))).toJSON()).toEqual(
      sdkEvent.toJSON()
    )
  })

  it('takes an event of a type newer than the helper too', () => {
    const change = ADDITIVE_CHANGES.find((c) => c.kind === 'unknown_type')!
    const decoded = decodeRecord(asReceived(change.record(event) as never))
    expect(toCloudEvent(decoded.event).type).toBe(decoded.event.type)
  })
})
