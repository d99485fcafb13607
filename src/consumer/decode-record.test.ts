import type { Message } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { RecordError } from '../errors.ts'
import { toBinaryMessage, toStructuredMessage } from '../kafka/records.ts'
import { decodeCanonicalRecord, decodeRecord, type ReceivedRecord } from './decode-record.ts'
import { ADDITIVE_CHANGES, NEW_TYPE } from './testing/additive-changes.ts'
import { goldenEvents } from '../../test/helpers/fixtures.ts'

const event = goldenEvents('plain', 'thread.thread_labels_changed')[0]!

/** A produced message as a kafkajs consumer receives it: value and header values as Buffers. */
function received(message: Message): ReceivedRecord {
  return {
    value: message.value === null ? null : Buffer.from(message.value as string),
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])
    ),
  }
}

const withHeaders = (record: ReceivedRecord, headers: Record<string, string | undefined>) => ({
  ...record,
  headers: Object.fromEntries(
    Object.entries({ ...record.headers, ...headers }).filter(([, v]) => v !== undefined)
  ),
})

describe('decodeCanonicalRecord', () => {
  it('decodes a binary-mode record into the event that was published', () => {
    expect(decodeCanonicalRecord(received(toBinaryMessage(event)))).toEqual(event)
  })

  it('decodes a structured-mode record, whatever the case of its content type', () => {
    const record = received(toStructuredMessage(event))
    expect(decodeCanonicalRecord(record)).toEqual(event)
    const upper = withHeaders(record, { 'content-type': 'Application/CloudEvents+JSON' })
    expect(decodeCanonicalRecord(upper)).toEqual(event)
  })

  it('decodes the records of every golden event, in both modes, strict or not', () => {
    for (const golden of goldenEvents('helpcrunch', 'chat.new').concat(
      goldenEvents('plain', 'customer.customer_status_transitioned')
    )) {
      for (const message of [toBinaryMessage(golden), toStructuredMessage(golden)]) {
        expect(decodeCanonicalRecord(received(message))).toEqual(golden)
        expect(decodeCanonicalRecord(received(message), { strict: true })).toEqual(golden)
      }
    }
  })

  it('ignores non-CloudEvents headers such as traceparent', () => {
    const record = withHeaders(received(toBinaryMessage(event)), {
      traceparent: '00-' + '1'.repeat(32) + '-' + '2'.repeat(16) + '-01',
    })
    expect(decodeCanonicalRecord(record, { strict: true })).toEqual(event)
  })

  it('reads a header with a null value, as kafkajs delivers it, as absent', () => {
    const record = received(toBinaryMessage(event))
    const headers = { ...record.headers, ce_region: null } as unknown as Record<string, Buffer>
    expect(decodeCanonicalRecord({ ...record, headers }, { strict: true })).toEqual(event)
  })

  it('reads null attributes of a structured record as unset (JSON format §2.2)', () => {
    const message = toStructuredMessage(event)
    const whole = { ...(JSON.parse(message.value as string) as object), region: null }
    const record = received({ ...message, value: JSON.stringify(whole) })
    expect(decodeCanonicalRecord(record, { strict: true })).toEqual(event)
  })

  it.each([
    {
      case: 'a null value (tombstone)',
      record: { ...received(toBinaryMessage(event)), value: null },
    },
    {
      case: 'a value that is not JSON',
      record: { ...received(toBinaryMessage(event)), value: Buffer.from('{nope') },
    },
    {
      case: 'a missing ce_type header',
      record: withHeaders(received(toBinaryMessage(event)), { ce_type: undefined }),
    },
    {
      case: 'a missing ce_id header',
      record: withHeaders(received(toBinaryMessage(event)), { ce_id: undefined }),
    },
    {
      case: 'data that breaks the schema on a known member',
      record: { ...received(toBinaryMessage(event)), value: Buffer.from('{"conversation":{}}') },
    },
    {
      case: 'a content type that is not JSON',
      record: withHeaders(received(toBinaryMessage(event)), { 'content-type': 'text/plain' }),
    },
    {
      case: 'a JSON content type in another charset',
      record: withHeaders(received(toBinaryMessage(event)), {
        'content-type': 'application/json; charset=iso-8859-1',
      }),
    },
    {
      case: 'a content type that is not a media type',
      record: withHeaders(received(toBinaryMessage(event)), { 'content-type': 'json please' }),
    },
    {
      case: 'the batch format, which the Kafka binding does not have',
      record: withHeaders(received(toStructuredMessage(event)), {
        'content-type': 'application/cloudevents-batch+json',
      }),
    },
    {
      case: 'a structured value that is not an object',
      record: { ...received(toStructuredMessage(event)), value: Buffer.from('[1]') },
    },
    { case: 'a record with no headers at all', record: { value: Buffer.from('{}') } },
  ])('rejects $case with RecordError, strict or not', ({ record }) => {
    expect(() => decodeCanonicalRecord(record)).toThrow(RecordError)
    expect(() => decodeCanonicalRecord(record, { strict: true })).toThrow(RecordError)
  })
})

describe('additive changes (docs/contract.md)', () => {
  const canonical = ADDITIVE_CHANGES.filter((change) => change.kind === 'canonical')

  it.each(canonical)('accepts $name, checking every known member', ({ record }) => {
    const decoded = decodeCanonicalRecord(received(record(event)))
    // Known members as published; new ones passed through, untyped.
    expect(decoded).toMatchObject({ ...event, datacontenttype: 'application/json' })
    expect(JSON.parse(JSON.stringify(decoded))).toMatchObject(JSON.parse(JSON.stringify(event)))
  })

  it('passes new members through instead of dropping them', () => {
    const [newMembers, , newHeader] = ADDITIVE_CHANGES
    const withMembers = decodeCanonicalRecord(received(newMembers!.record(event)))
    expect(withMembers.data).toMatchObject({
      conversation: { region: 'eu-west' },
      sentiment: { score: 0.4 },
    })
    expect(decodeCanonicalRecord(received(newHeader!.record(event)))).toHaveProperty(
      'region',
      'eu-west'
    )
  })

  it.each(ADDITIVE_CHANGES)('rejects $name when strict', ({ record }) => {
    expect(() => decodeRecord(received(record(event)), { strict: true })).toThrow(RecordError)
  })

  it.each(ADDITIVE_CHANGES.filter((change) => change.kind === 'unknown_type'))(
    'decodes $name as unknown_type, with its attributes and data as received',
    ({ record }) => {
      const decoded = decodeRecord(received(record(event)))
      expect(decoded.kind).toBe('unknown_type')
      expect(decoded.event).toMatchObject({
        specversion: '1.0',
        id: event.id,
        source: event.source,
        type: NEW_TYPE,
        subject: event.subject,
        tenant: event.tenant,
        data: { escalation: { level: 2 } },
      })
      expect(() => decodeCanonicalRecord(received(record(event)))).toThrow(RecordError)
    }
  )

  it('still requires the CloudEvents REQUIRED attributes of an unknown type', () => {
    const unknown = ADDITIVE_CHANGES.find((change) => change.kind === 'unknown_type')!
    const record = withHeaders(received(unknown.record(event)), { ce_source: undefined })
    expect(() => decodeRecord(record)).toThrow(/invalid at source/)
  })

  it('keeps the data of an unknown type as bytes when it is not JSON (JSON format §3.1)', () => {
    const unknown = ADDITIVE_CHANGES.find((change) => change.kind === 'unknown_type')!
    const record = withHeaders(
      { ...received(unknown.record(event)), value: Buffer.from('<xml/>') },
      { 'content-type': 'application/xml' }
    )
    const decoded = decodeRecord(record)
    expect(decoded.event.data).toEqual(Buffer.from('<xml/>'))
    expect(decoded.event['datacontenttype']).toBe('application/xml')
  })
})

describe('RecordError', () => {
  it('names the invalid paths but never quotes record contents', () => {
    const record = received(toBinaryMessage(event))
    const data = JSON.parse(record.value!.toString()) as { conversation: { title: unknown } }
    data.conversation.title = { secret: 'jane@example.com wrote something private' }
    for (const strict of [false, true]) {
      try {
        decodeCanonicalRecord({ ...record, value: Buffer.from(JSON.stringify(data)) }, { strict })
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(RecordError)
        expect((error as RecordError).message).toContain('data.conversation.title')
        expect((error as RecordError).message).not.toContain('jane@example.com')
      }
    }
  })
})
