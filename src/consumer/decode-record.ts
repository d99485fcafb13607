import * as v from 'valibot'
import { CanonicalEventSchema, type CanonicalEvent } from '../canonical/index.ts'
import { RecordError } from '../errors.ts'

/** What a kafkajs consumer receives that decoding needs: header values are Buffers (or strings). */
export interface ReceivedRecord {
  readonly value: Buffer | null
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>
}

/** A header as text: kafkajs delivers Buffers; a repeated header reads as its first value. */
export function headerText(record: ReceivedRecord, name: string): string | undefined {
  const raw = record.headers?.[name]
  const first = Array.isArray(raw) ? raw[0] : raw
  return first === undefined ? undefined : first.toString()
}

const parseJson = (value: Buffer | null, what: string): unknown => {
  if (value === null) throw new RecordError(`${what}: the record has no value`)
  try {
    return JSON.parse(value.toString('utf8'))
  } catch (error) {
    throw new RecordError(`${what}: the value is not JSON`, { cause: error })
  }
}

/**
 * A canonical record → a typed, validated canonical CloudEvent, in either content mode (Kafka
 * binding §3: structured when `content-type` starts with `application/cloudevents`, case-insensitive;
 * otherwise binary, with `ce_*` headers and `data` as the value). Throws `RecordError`.
 */
export function decodeCanonicalRecord(record: ReceivedRecord): CanonicalEvent {
  const contentType = headerText(record, 'content-type')
  let candidate: unknown
  if (contentType?.toLowerCase().startsWith('application/cloudevents')) {
    candidate = parseJson(record.value, 'structured record')
  } else {
    const attributes: Record<string, string> = {}
    for (const name of Object.keys(record.headers ?? {})) {
      const text = name.startsWith('ce_') ? headerText(record, name) : undefined
      if (text !== undefined) attributes[name.slice(3)] = text
    }
    candidate = {
      ...attributes,
      ...(contentType !== undefined && { datacontenttype: contentType }),
      data: parseJson(record.value, 'binary record'),
    }
  }
  const checked = v.safeParse(CanonicalEventSchema, candidate)
  if (!checked.success) {
    // Paths only: valibot's messages quote the offending values, which are record contents
    // (names, emails, message text) and end up in span events and logs.
    const paths = [...new Set(checked.issues.map((issue) => v.getDotPath(issue) ?? '(root)'))]
    throw new RecordError(`not a canonical event: invalid at ${paths.join(', ')}`)
  }
  return checked.output
}
