import {
  Kafka as CloudEventsKafka,
  type Headers as CeHeaders,
  type KafkaMessage,
} from 'cloudevents'
import type { Message } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { goldenEvents } from '../../test/helpers/fixtures.ts'
import {
  toBinaryMessage,
  toDeadLetterRecord,
  toStructuredMessage,
  toTopicRecord,
} from './records.ts'

const eventOf = (vendor: string, name: string) => goldenEvents(vendor, name)[0]!
const conversationEvent = eventOf('plain', 'thread.thread_status_transitioned')
const customerEvent = eventOf('helpcrunch', 'customer.new')
const topics = { conversations: 'conv', customers: 'cust', deadLetter: 'dlq' }

/** Decodes a record with the official CloudEvents SDK (the oracle), as a consumer would receive it. */
const decode = (message: Message) => {
  const received: KafkaMessage<Buffer> = {
    key: message.key as string,
    value: Buffer.from(message.value as string),
    headers: message.headers as CeHeaders,
    body: Buffer.from(message.value as string),
    timestamp: '0',
  }
  return CloudEventsKafka.toEvent(received)
}

describe('toBinaryMessage', () => {
  const message = toBinaryMessage(conversationEvent)

  it('keys the record by partitionkey and carries data alone as JSON', () => {
    expect(message.key).toBe(conversationEvent.partitionkey)
    expect(JSON.parse(message.value as string)).toEqual(conversationEvent.data)
  })

  it('maps every attribute to a ce_ header and datacontenttype to content-type', () => {
    expect(message.headers).toEqual({
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: conversationEvent.id,
      ce_source: conversationEvent.source,
      ce_type: conversationEvent.type,
      ce_subject: conversationEvent.subject,
      ce_time: conversationEvent.time,
      ce_dataschema: conversationEvent.dataschema,
      ce_partitionkey: conversationEvent.partitionkey,
      ce_vendor: 'plain',
      ce_vendorevent: conversationEvent.vendorevent,
      ce_vendoreventid: conversationEvent.vendoreventid,
      ce_tenant: conversationEvent.tenant,
    })
  })

  it('decodes with the CloudEvents SDK to the same event', () => {
    const decoded = decode(message) as unknown as Record<string, unknown>
    const { data, ...attributes } = conversationEvent
    for (const [name, value] of Object.entries(attributes)) expect(decoded[name]).toBe(value)
    expect(decoded['data']).toEqual(data)
  })
})

describe('toStructuredMessage', () => {
  it('carries the whole event with the cloudevents+json content type, decodable by the SDK', () => {
    const message = toStructuredMessage(customerEvent)
    expect(message.key).toBe(customerEvent.partitionkey)
    expect(message.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
    })
    expect(JSON.parse(message.value as string)).toEqual(customerEvent)
    const decoded = decode(message) as unknown as Record<string, unknown>
    expect(decoded['id']).toBe(customerEvent.id)
    expect(decoded['data']).toEqual(customerEvent.data)
  })
})

describe('toTopicRecord', () => {
  it.each([
    { event: conversationEvent, mode: 'binary' as const, topic: 'conv' },
    { event: customerEvent, mode: 'binary' as const, topic: 'cust' },
    { event: customerEvent, mode: 'structured' as const, topic: 'cust' },
  ])('sends $event.type to $topic in $mode mode', ({ event, mode, topic }) => {
    const record = toTopicRecord(event, topics, mode)
    expect(record.topic).toBe(topic)
    expect(record.message.headers?.['content-type']).toBe(
      mode === 'binary' ? 'application/json' : 'application/cloudevents+json; charset=UTF-8'
    )
  })
})

describe('toDeadLetterRecord', () => {
  const body = Buffer.from('{"not":"mappable","url":"https:\\/\\/x"}')
  const letter = {
    vendor: 'helpcrunch',
    tenant: 'acme',
    body: new Uint8Array(body),
    headers: { 'x-helpcrunch-signature': 'ab'.repeat(20), 'content-type': 'application/json' },
    reason: 'invalid_payload',
    detail: 'x'.repeat(5000),
    receivedAt: new Date('2026-01-01T00:00:00.000Z'),
    eventId: 'evt-1',
  }

  it('keeps the raw bytes, the vendor headers and adds the dlq-* headers', () => {
    const { topic, message } = toDeadLetterRecord(letter, topics)
    expect(topic).toBe('dlq')
    expect(message.key).toBe('evt-1')
    expect(Buffer.compare(message.value as Buffer, body)).toBe(0)
    expect(message.headers).toMatchObject({
      'x-helpcrunch-signature': 'ab'.repeat(20),
      'content-type': 'application/json',
      'dlq-reason': 'invalid_payload',
      'dlq-vendor': 'helpcrunch',
      'dlq-tenant': 'acme',
      'dlq-received-at': '2026-01-01T00:00:00.000Z',
    })
    expect((message.headers?.['dlq-detail'] as string).length).toBe(2000)
  })

  it('has a null key when the event id is unknown', () => {
    expect(toDeadLetterRecord({ ...letter, eventId: undefined }, topics).message.key).toBeNull()
  })
})
