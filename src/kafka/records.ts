import type { Message } from 'kafkajs'
import type { CanonicalEvent } from '../canonical/index.ts'

/** CloudEvents Kafka binding content mode: binary (`data` as value, `ce_*` headers) or structured. */
export type ContentMode = 'binary' | 'structured'

/** A record bound for one topic. */
export interface TopicRecord {
  readonly topic: string
  readonly message: Message
}

/** The configured topic names. */
export interface Topics {
  readonly conversations: string
  readonly customers: string
  readonly deadLetter: string
}

/** `application/cloudevents+json; charset=UTF-8`: the structured-mode content type (binding §3.3.1). */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8'

/** Context attributes that become `ce_<name>` headers in binary mode, in a stable order. */
const ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'dataschema',
  'partitionkey',
  'vendor',
  'vendorevent',
  'vendoreventid',
  'tenant',
] as const satisfies readonly (keyof CanonicalEvent)[]

/**
 * Binary mode (binding §3.2): value = JSON of `data`; `datacontenttype` maps to the `content-type`
 * header (§3.2.1) and every other attribute, extensions included, to a `ce_<name>` header (§3.2.3).
 * Key = `partitionkey` (§3.1 key mapper), which stays on the event as `ce_partitionkey`.
 */
export function toBinaryMessage(event: CanonicalEvent): Message {
  const headers: Record<string, string> = { 'content-type': event.datacontenttype }
  for (const attribute of ATTRIBUTES) headers[`ce_${attribute}`] = event[attribute]
  return { key: event.partitionkey, value: JSON.stringify(event.data), headers }
}

/** Structured mode (binding §3.3): the whole event as `application/cloudevents+json`; key = `partitionkey`. */
export function toStructuredMessage(event: CanonicalEvent): Message {
  return {
    key: event.partitionkey,
    value: JSON.stringify(event),
    headers: { 'content-type': STRUCTURED_CONTENT_TYPE },
  }
}

/**
 * The record of a canonical event: `conversation.*` to the conversations topic, `customer.*` to
 * the customers topic, keyed by subject so one entity's events stay in one partition, in order.
 */
export function toTopicRecord(
  event: CanonicalEvent,
  topics: Topics,
  mode: ContentMode
): TopicRecord {
  return {
    topic: event.type.startsWith('customer.') ? topics.customers : topics.conversations,
    message: mode === 'binary' ? toBinaryMessage(event) : toStructuredMessage(event),
  }
}

/** What the dead-letter record says about an authentic webhook that could not be mapped. */
export interface DeadLetter {
  readonly vendor: string
  readonly tenant: string
  /** The body exactly as received. */
  readonly body: Uint8Array
  /** The vendor's request headers worth keeping (signature included, so a replay can re-verify). */
  readonly headers: Readonly<Record<string, string>>
  readonly reason: string
  readonly detail: string
  readonly receivedAt: Date
  /** The vendor event id, when the body told it. */
  readonly eventId: string | undefined
}

/** Longest `dlq-detail` header: valibot summaries of a large payload can be long. */
const MAX_DETAIL = 2000

/**
 * The dead-letter record: value = the raw body bytes unchanged, the vendor's headers kept, plus
 * `dlq-reason`, `dlq-detail`, `dlq-vendor`, `dlq-tenant` and `dlq-received-at`; key = the vendor
 * event id when known (else null, spread round-robin).
 */
export function toDeadLetterRecord(letter: DeadLetter, topics: Topics): TopicRecord {
  return {
    topic: topics.deadLetter,
    message: {
      key: letter.eventId ?? null,
      value: Buffer.from(letter.body.buffer, letter.body.byteOffset, letter.body.byteLength),
      headers: {
        ...letter.headers,
        'dlq-reason': letter.reason,
        'dlq-detail': letter.detail.slice(0, MAX_DETAIL),
        'dlq-vendor': letter.vendor,
        'dlq-tenant': letter.tenant,
        'dlq-received-at': letter.receivedAt.toISOString(),
      },
    },
  }
}
