import { propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api'
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
import { decodeCanonicalRecord, headerText, type ReceivedRecord } from './decode-record.ts'

/** Handles one canonical event; runs inside its CONSUMER span, so its own spans join the webhook's trace. */
export type CanonicalHandler = (event: CanonicalEvent, payload: EachMessagePayload) => Promise<void>

/** Options of {@link canonicalEachMessage}. */
export interface ConsumerOptions {
  /** The consumer group, for `messaging.consumer.group.name`. */
  readonly groupId?: string
  /**
   * Called with a record that is not a canonical event, instead of throwing. Without it the
   * `RecordError` propagates and kafkajs retries the record, which stalls its partition; with it
   * the consumer decides (park it in its own dead-letter topic, log it) and moves on.
   */
  readonly onInvalidRecord?: (error: RecordError, payload: EachMessagePayload) => Promise<void>
}

const getter = {
  keys: (record: ReceivedRecord) => Object.keys(record.headers ?? {}),
  get: (record: ReceivedRecord, key: string) => headerText(record, key),
}

/**
 * A kafkajs `eachMessage` for canonical topics: decodes each record (binary or structured mode)
 * into a validated CloudEvent and runs `handler` inside a CONSUMER `process <topic>` span whose
 * parent is the record's `traceparent` (the webhook's own trace; messaging semconv allows the
 * creation context as parent for single-message processing). A record that is not a canonical
 * event fails the span and throws `RecordError`; a handler error fails the span and is rethrown,
 * so kafkajs's retry and error handling apply as usual.
 *
 * @example
 * await consumer.run({ eachMessage: canonicalEachMessage(async (event) => store(event), { groupId }) })
 */
export function canonicalEachMessage(
  handler: CanonicalHandler,
  options: ConsumerOptions = {}
): (payload: EachMessagePayload) => Promise<void> {
  const tracer = trace.getTracer('switchboard')
  return (payload) => {
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
          const event = decodeCanonicalRecord(message)
          span.setAttributes({
            [ATTR_CLOUDEVENTS_EVENT_ID]: event.id,
            [ATTR_CLOUDEVENTS_EVENT_SOURCE]: event.source,
            [ATTR_CLOUDEVENTS_EVENT_TYPE]: event.type,
            [ATTR_CLOUDEVENTS_EVENT_SPEC_VERSION]: event.specversion,
            [ATTR_CLOUDEVENTS_EVENT_SUBJECT]: event.subject,
          })
          await handler(event, payload)
        } catch (error) {
          recordSpanError(span, error, 'handler failed')
          if (error instanceof RecordError && options.onInvalidRecord) {
            await options.onInvalidRecord(error, payload)
            return
          }
          throw error
        } finally {
          span.end()
        }
      }
    )
  }
}
