import { describe, expect, it } from 'vitest'
import { RecordError } from '../errors.ts'
import { toBinaryMessage, toStructuredMessage } from '../kafka/records.ts'
import { decodeCanonicalRecord, type ReceivedRecord } from './decode-record.ts'
import { goldenEvents } from '../../test/helpers/fixtures.ts'

const event = goldenEvents('plain', 'thread.thread_labels_changed')[0]!

/** A produced message as a kafkajs consumer receives it: value and header values as Buffers. */
function received(message: ReturnType<typeof toBinaryMessage>): ReceivedRecord {
  return {
    value: Buffer.from(message.value as string),
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])
    ),
  }
}

describe('decodeCanonicalRecord', () => {
  it('decodes a binary-mode record into the event that was published', () => {
    expect(decodeCanonicalRecord(received(toBinaryMessage(event)))).toEqual(event)
  })

  it('decodes a structured-mode record, whatever the case of its content type', () => {
    const record = received(toStructuredMessage(event))
    expect(decodeCanonicalRecord(record)).toEqual(event)
    const upper = {
      ...record,
      headers: { 'content-type': Buffer.from('Application/CloudEvents+JSON') },
    }
    expect(decodeCanonicalRecord(upper)).toEqual(event)
  })

  it('ignores non-CloudEvents headers such as traceparent', () => {
    const record = received(toBinaryMessage(event))
    const withTrace = {
      ...record,
      headers: {
        ...record.headers,
        traceparent: Buffer.from('00-' + '1'.repeat(32) + '-' + '2'.repeat(16) + '-01'),
      },
    }
    expect(decodeCanonicalRecord(withTrace)).toEqual(event)
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
      record: (() => {
        const r = received(toBinaryMessage(event))
        const headers = { ...r.headers }
        delete headers['ce_type']
        return { ...r, headers }
      })(),
    },
    {
      case: 'data that breaks the strict schema',
      record: { ...received(toBinaryMessage(event)), value: Buffer.from('{"conversation":{}}') },
    },
    { case: 'a record with no headers at all', record: { value: Buffer.from('{}') } },
  ])('rejects $case with RecordError', ({ record }) => {
    expect(() => decodeCanonicalRecord(record)).toThrow(RecordError)
  })
})

describe('RecordError', () => {
  it('names the invalid paths but never quotes record contents', () => {
    const record = received(toBinaryMessage(event))
    const data = JSON.parse(record.value!.toString()) as { conversation: { title: unknown } }
    data.conversation.title = { secret: 'jane@example.com wrote something private' }
    try {
      decodeCanonicalRecord({ ...record, value: Buffer.from(JSON.stringify(data)) })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(RecordError)
      expect((error as RecordError).message).toContain('data.conversation.title')
      expect((error as RecordError).message).not.toContain('jane@example.com')
    }
  })
})
