import * as v from 'valibot'
import {
  CANONICAL_EVENT_TYPES,
  CanonicalEventSchema,
  NonEmptySchema,
  type CanonicalEvent,
  type CanonicalEventType,
} from '../canonical/index.ts'
import { RecordError } from '../errors.ts'
import { loosen } from './loosen.ts'
import { isJsonMediaType, parseMediaType } from './media-type.ts'

/** What a kafkajs consumer receives that decoding needs: header values are Buffers (or strings). */
export interface ReceivedRecord {
  readonly value: Buffer | null
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>
}

/** How strictly {@link decodeRecord} reads a record. */
export interface DecodeOptions {
  /**
   * `false` (the default) accepts every change docs/contract.md calls additive: unknown `data`
   * members and extension attributes are passed through, media-type parameters are ignored,
   * and a type this version does not know decodes as `unknown_type`. `true` accepts only what
   * this version of the contract states, exactly as the JSON Schemas in `schemas/` do; use it
   * in tests or a canary consumer that should notice every change of the producer.
   */
  readonly strict?: boolean
}

/**
 * A CloudEvent of a type this version of the helper does not know: one the producer added after
 * it was built (docs/contract.md). Only the REQUIRED attributes are checked (CloudEvents 1.0,
 * "REQUIRED Attributes"); everything else is as received.
 */
export interface UnknownCloudEvent {
  readonly specversion: '1.0'
  readonly id: string
  readonly source: string
  readonly type: string
  /** JSON when the content type is JSON or absent (JSON format §3.1), else the bytes; absent without a value. */
  readonly data?: unknown
  /** Every other attribute as received: `subject`, `time`, `dataschema`, extensions. */
  readonly [attribute: string]: unknown
}

/** A decoded record: a canonical event of a known type, or a CloudEvent of a newer type. */
export type DecodedRecord =
  | { readonly kind: 'canonical'; readonly event: CanonicalEvent }
  | { readonly kind: 'unknown_type'; readonly event: UnknownCloudEvent }

const KNOWN_TYPES: ReadonlySet<string> = new Set(CANONICAL_EVENT_TYPES)

/** Whether `type` is a canonical type this version of the helper knows. */
export const isCanonicalEventType = (type: unknown): type is CanonicalEventType =>
  typeof type === 'string' && KNOWN_TYPES.has(type)

/** The strict canonical schema with every object opened up: known members checked, new ones kept. */
const LooseCanonicalEventSchema = loosen(CanonicalEventSchema)

/** Any CloudEvent: its REQUIRED attributes, checked as the canonical envelope checks them. */
const envelope = CanonicalEventSchema.options[0].entries
const AnyCloudEventSchema = v.looseObject({
  specversion: envelope.specversion,
  id: envelope.id,
  source: envelope.source,
  type: NonEmptySchema,
})

/**
 * A header as text: kafkajs delivers Buffers; a repeated header reads as its first value; a
 * header with a null value (which kafkajs hands over as `null`, whatever its types say) is absent.
 */
export function headerText(record: ReceivedRecord, name: string): string | undefined {
  const raw: unknown = record.headers?.[name]
  const first: unknown = Array.isArray(raw) ? raw[0] : raw
  return typeof first === 'string' || Buffer.isBuffer(first) ? first.toString() : undefined
}

/**
 * A canonical record → a validated CloudEvent, in either content mode (Kafka binding §3: a
 * `content-type` starting with `application/cloudevents`, case-insensitive, is structured;
 * anything else is binary, with `ce_*` headers and `data` as the value). A known type is
 * checked against its canonical schema (loosely unless `strict`); an unknown type comes back
 * as `unknown_type` (or, when `strict`, is rejected). Throws `RecordError` for a record that
 * is not such an event; its message names the invalid paths and never quotes the record.
 */
export function decodeRecord(record: ReceivedRecord, options: DecodeOptions = {}): DecodedRecord {
  const strict = options.strict ?? false
  const candidate = readCloudEvent(record)
  if (isCanonicalEventType(candidate['type'])) {
    const event = strict
      ? check(CanonicalEventSchema, candidate)
      : check(LooseCanonicalEventSchema, withJsonEssence(candidate))
    return { kind: 'canonical', event }
  }
  if (strict && typeof candidate['type'] === 'string') {
    throw new RecordError('not a canonical event: its type is not one this version knows (strict)')
  }
  // The loose output holds the REQUIRED attributes and everything else as received: the
  // interface only gives that shape its name.
  const event = check(AnyCloudEventSchema, candidate) as UnknownCloudEvent
  return { kind: 'unknown_type', event }
}

/**
 * {@link decodeRecord} for a caller that handles canonical events only: a type this version does
 * not know throws `RecordError` too. Prefer `canonicalEachMessage`, whose `onUnknownType` keeps
 * such records from stalling a partition.
 */
export function decodeCanonicalRecord(
  record: ReceivedRecord,
  options: DecodeOptions = {}
): CanonicalEvent {
  const decoded = decodeRecord(record, options)
  if (decoded.kind === 'unknown_type') {
    throw new RecordError('not a canonical event: its type is newer than this helper')
  }
  return decoded.event
}

/** The record's attributes and `data`, as received; nothing checked yet. */
function readCloudEvent(record: ReceivedRecord): Record<string, unknown> {
  const contentType = headerText(record, 'content-type')
  const media = contentType === undefined ? undefined : parseMediaType(contentType)
  if (contentType !== undefined && !media) {
    throw new RecordError('the content-type header is not a media type')
  }
  if (media?.essence.startsWith('application/cloudevents')) {
    // The JSON event format is the only one the bridge writes; batch mode is not part of the
    // Kafka binding (§1.3), and any other format is one this helper cannot read.
    if (media.essence !== 'application/cloudevents+json') {
      throw new RecordError(`unsupported event format ${media.essence}`)
    }
    return fromJsonFormat(parseJson(record.value, 'structured record'))
  }
  const attributes: Record<string, unknown> = {}
  // Binding §3.2.3: every attribute but `data` is a `ce_<name>` header, extensions included.
  for (const name of Object.keys(record.headers ?? {})) {
    const text = name.startsWith('ce_') ? headerText(record, name) : undefined
    if (text !== undefined) attributes[name.slice(3)] = text
  }
  // §3.2.1: `content-type` is `datacontenttype`; §3.2.2: no value means no `data`.
  if (contentType !== undefined) attributes['datacontenttype'] = contentType
  if (record.value !== null) attributes['data'] = binaryData(record.value, media?.essence)
  return attributes
}

/** A structured-mode value: null attributes are unset (JSON format §2.2), `data_base64` is bytes (§3.1.2). */
function fromJsonFormat(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError('structured record: the value is not a JSON object')
  }
  const event: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(value)) {
    if (name === 'data' || member !== null) event[name] = member
  }
  if (typeof event['data_base64'] === 'string' && !('data' in event)) {
    event['data'] = Buffer.from(event['data_base64'], 'base64')
    delete event['data_base64']
  }
  return event
}

/** Binary-mode `data`: a JSON value when the content type is JSON or absent (JSON format §3.1), else the bytes. */
function binaryData(value: Buffer, essence: string | undefined): unknown {
  const json = essence === undefined || essence.endsWith('/json') || essence.endsWith('+json')
  return json ? parseJson(value, 'binary record') : value
}

const parseJson = (value: Buffer | null, what: string): unknown => {
  if (value === null) throw new RecordError(`${what}: the record has no value`)
  try {
    return JSON.parse(value.toString('utf8'))
  } catch (error) {
    throw new RecordError(`${what}: the value is not JSON`, { cause: error })
  }
}

/** Media-type parameters are additive (`application/json; charset=utf-8`): read as the bare type. */
function withJsonEssence(candidate: Record<string, unknown>): Record<string, unknown> {
  const type = candidate['datacontenttype']
  return typeof type === 'string' && isJsonMediaType(type)
    ? { ...candidate, datacontenttype: 'application/json' }
    : candidate
}

function check<TOutput>(
  schema: v.GenericSchema<unknown, TOutput>,
  candidate: Record<string, unknown>
): TOutput {
  const checked = v.safeParse(schema, candidate)
  if (checked.success) return checked.output
  // Paths only: valibot's messages quote the offending values, which are record contents
  // (names, emails, message text) and end up in span events and logs.
  const paths = [...new Set(checked.issues.map((issue) => v.getDotPath(issue) ?? '(root)'))]
  throw new RecordError(`not a canonical event: invalid at ${paths.join(', ')}`)
}
