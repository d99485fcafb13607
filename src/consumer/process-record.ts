import { metrics, propagation, ROOT_CONTEXT, SpanKind, trace, type Span } from '@opentelemetry/api'
import type { EachMessagePayload } from 'kafkajs'
import type { CanonicalEvent } from '../canonical/index.ts'
import {
  ATTR_CLOUDEVENTS_EVENT_ID,
  ATTR_CLOUDEVENTS_EVENT_SOURCE,
  ATTR_CLOUDEVENTS_EVENT_SPEC_VERSION,
  ATTR_CLOUDEVENTS_EVENT_SUBJECT,
  ATTR_CLOUDEVENTS_EVENT_TYPE,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from '../telemetry/attributes.ts'
import { RecordError } from '../errors.ts'
import { recordSpanError } from '../telemetry/span-error.ts'
import {
  decodeRecord,
  headerText,
  type DecodedRecord,
  type DecodeOptions,
  type ReceivedRecord,
  type UnknownCloudEvent,
} from './decode-record.ts'

/** Handles one canonical event; runs inside its CONSUMER span, so its own spans join the webhook's trace. */
export type CanonicalHandler = (event: CanonicalEvent, payload: EachMessagePayload) => Promise<void>

/** Handles an event of a type newer than this helper; runs inside the record's CONSUMER span. */
export type UnknownTypeHandler = (
  event: UnknownCloudEvent,
  payload: EachMessagePayload
) => Promise<void>

/** Options of {@link canonicalEachMessage}. */
export interface ConsumerOptions extends DecodeOptions {
  /** The consumer group, for `messaging.consumer.group.name`. */
  readonly groupId?: string
  /**
   * Called with an event whose type this version does not know: one the producer added later,
   * which the contract allows within `v1` topics. Without it such a record is skipped and
   * counted (`stats.unknownType`, the `switchboard.consumer.records` metric), never retried, so
   * it cannot stall its partition. With `strict`, such a record is invalid instead.
   */
  readonly onUnknownType?: UnknownTypeHandler
  /**
   * Called with a record that is not a canonical event, instead of throwing. Without it the
   * `RecordError` propagates and kafkajs retries the record, which stalls its partition; with it
   * the consumer decides (park it in its own dead-letter topic, log it) and moves on.
   */
  readonly onInvalidRecord?: (error: RecordError, payload: EachMessagePayload) => Promise<void>
}

/** What a {@link canonicalEachMessage} function has done since it was created. */
export interface ConsumerStats {
  /** Canonical events the handler finished without throwing. */
  handled: number
  /** Events of unknown types: skipped, or handed to `onUnknownType`. */
  unknownType: number
  /** Records that failed to decode (a record kafkajs retries counts each time). */
  invalid: number
}

/** A kafkajs `eachMessage` function, with its running counts. */
export type CanonicalEachMessage = ((payload: EachMessagePayload) => Promise<void>) & {
  readonly stats: Readonly<ConsumerStats>
}

/** `switchboard.consumer.records`' outcome attribute: handled, unknown_type or invalid. */
const ATTR_CONSUMER_OUTCOME = 'switchboard.consumer.outcome'

const getter = {
  keys: (record: ReceivedRecord) => Object.keys(record.headers ?? {}),
  get: (record: ReceivedRecord, key: string) => headerText(record, key),
}

/**
 * A kafkajs `eachMessage` for canonical topics: decodes each record (binary or structured mode)
 * and runs `handler` with the validated event inside a CONSUMER `process <topic>` span whose
 * parent is the record's `traceparent` (the webhook's own trace; messaging semconv allows the
 * creation context as parent for single-message processing). By default it accepts every change
 * docs/contract.md calls additive: unknown members pass through, and a type it does not know goes
 * to `onUnknownType` (default: skipped and counted). A record that is not a canonical event fails
 * the span and throws `RecordError` (or goes to `onInvalidRecord`); a handler error fails the
 * span and is rethrown, so kafkajs's retry and error handling apply as usual.
 *
 * @example
 * await consumer.run({ eachMessage: canonicalEachMessage(async (event) => store(event), { groupId }) })
 */
export function canonicalEachMessage(
  handler: CanonicalHandler,
  options: ConsumerOptions = {}
): CanonicalEachMessage {
  const tracer = trace.getTracer('switchboard')
  const records = metrics.getMeter('switchboard').createCounter('switchboard.consumer.records', {
    description: 'Records seen by canonicalEachMessage, by outcome',
    unit: '{record}',
  })
  const stats: ConsumerStats = { handled: 0, unknownType: 0, invalid: 0 }
  const count = (outcome: keyof ConsumerStats, topic: string, type?: string) => {
    stats[outcome] += 1
    records.add(1, {
      [ATTR_CONSUMER_OUTCOME]: outcome === 'unknownType' ? 'unknown_type' : outcome,
      [ATTR_MESSAGING_DESTINATION_NAME]: topic,
      ...(type !== undefined && { [ATTR_CLOUDEVENTS_EVENT_TYPE]: type }),
    })
  }

  /** The decoded record, or `undefined` once `onInvalidRecord` took a record that is not one. */
  const decode = async (span: Span, payload: EachMessagePayload) => {
    try {
      return decodeRecord(payload.message, options)
    } catch (error) {
      if (!(error instanceof RecordError)) throw error
      recordSpanError(span, error, 'invalid record')
      count('invalid', payload.topic)
      if (!options.onInvalidRecord) throw error
      await options.onInvalidRecord(error, payload)
      return undefined
    }
  }

  const dispatch = async (span: Span, decoded: DecodedRecord, payload: EachMessagePayload) => {
    const { event } = decoded
    span.setAttributes({
      [ATTR_CLOUDEVENTS_EVENT_ID]: event.id,
      [ATTR_CLOUDEVENTS_EVENT_SOURCE]: event.source,
      [ATTR_CLOUDEVENTS_EVENT_TYPE]: event.type,
      [ATTR_CLOUDEVENTS_EVENT_SPEC_VERSION]: event.specversion,
      ...(typeof event.subject === 'string' && { [ATTR_CLOUDEVENTS_EVENT_SUBJECT]: event.subject }),
    })
    try {
      if (decoded.kind === 'canonical') {
        await handler(decoded.event, payload)
        count('handled', payload.topic, event.type)
        return
      }
      span.setAttribute(ATTR_CONSUMER_OUTCOME, 'unknown_type')
      count('unknownType', payload.topic, event.type)
      await options.onUnknownType?.(decoded.event, payload)
    } catch (error) {
      recordSpanError(span, error, 'handler failed')
      throw error
    }
  }

  const eachMessage = (payload: EachMessagePayload) => {
    const { topic, partition, message } = payload
    const parent = propagation.extract(ROOT_CONTEXT, message, getter)
    const key = message.key?.toString('utf8')
    return tracer.startActiveSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          [ATTR_MESSAGING_SYSTEM]: 'kafka',
          [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
          [ATTR_MESSAGING_OPERATION_NAME]: 'process',
          [ATTR_MESSAGING_DESTINATION_NAME]: topic,
          [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(partition),
          [ATTR_MESSAGING_KAFKA_OFFSET]: Number(message.offset),
          ...(key !== undefined && { [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: key }),
          ...(options.groupId !== undefined && {
            [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: options.groupId,
          }),
        },
      },
      parent,
      async (span) => {
        try {
          const decoded = await decode(span, payload)
          if (decoded) await dispatch(span, decoded, payload)
        } finally {
          span.end()
        }
      }
    )
  }
  return Object.assign(eachMessage, { stats })
}
