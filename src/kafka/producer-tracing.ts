import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api'
import type { TopicMessages } from 'kafkajs'
import {
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_CLIENT_ID,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../telemetry/attributes.ts'
import { recordSpanError } from '../telemetry/span-error.ts'
import { bridgeTracer } from '../telemetry/tracer.ts'
import type { TopicRecord } from './records.ts'

/**
 * The records of one webhook, each carrying the W3C `traceparent`/`tracestate` of that webhook's
 * own trace (the active context where `publish` was called), written with the global propagator.
 * Done per webhook, before batching: a produce request mixes many webhooks, and a consumer must
 * continue each record's own trace (the stock kafkajs instrumentation would inject its per-message
 * send span instead, at flush time, in whatever context is active then). The records are the
 * caller's own, fresh from `toTopicRecord`, so their headers are written in place rather than
 * copied (a copy of every message and its headers per webhook showed in issue 9's profile).
 */
export function injectTraceContext(
  records: readonly TopicRecord[],
  active: Context = context.active()
): readonly TopicRecord[] {
  for (const { message } of records) {
    message.headers ??= {}
    propagation.inject(active, message.headers)
  }
  return records
}

/** A link to the active span, for the produce request that will carry this webhook's records. */
export function linkToActive(active: Context = context.active()): Link | undefined {
  const spanContext = trace.getSpanContext(active)
  return spanContext && { context: spanContext }
}

/** Where the producer sends: for `server.address`/`server.port` and `messaging.client.id`. */
export interface ProducerIdentity {
  readonly clientId: string
  readonly broker: string | undefined
}

/**
 * One PRODUCER `send <topic>` span per destination of a produce request (semconv: the span name
 * and `messaging.destination.name` name one topic; a request mixing topics gets one span each,
 * sharing its timing). Each is a root linked to the webhooks whose records it carries.
 */
export function startSendSpans(
  topicMessages: readonly TopicMessages[],
  links: ReadonlyMap<string, Link[]>,
  producer: ProducerIdentity
): Span[] {
  const shared = producerAttributes(producer)
  const tracer = bridgeTracer()
  return topicMessages.map(({ topic, messages }) =>
    tracer.startSpan(
      `send ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        links: links.get(topic) ?? [],
        attributes: {
          ...shared,
          [ATTR_MESSAGING_DESTINATION_NAME]: topic,
          [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: messages.length,
        },
      },
      ROOT_CONTEXT
    )
  )
}

const sharedAttributes = new WeakMap<ProducerIdentity, Attributes>()

/** The attributes every send span of one producer has, built once. */
function producerAttributes(producer: ProducerIdentity): Attributes {
  let shared = sharedAttributes.get(producer)
  if (shared === undefined) {
    const [host, port] = splitBroker(producer.broker)
    shared = {
      [ATTR_MESSAGING_SYSTEM]: 'kafka',
      [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
      [ATTR_MESSAGING_OPERATION_NAME]: 'send',
      [ATTR_MESSAGING_CLIENT_ID]: producer.clientId,
      ...(host !== undefined && { [ATTR_SERVER_ADDRESS]: host }),
      ...(port !== undefined && { [ATTR_SERVER_PORT]: port }),
    }
    sharedAttributes.set(producer, shared)
  }
  return shared
}

/** Ends the send spans, with an error status and `error.type` when the request failed. */
export function endSendSpans(spans: readonly Span[], error?: unknown): void {
  for (const span of spans) {
    // kafkajs errors carry broker and topic names, never record contents.
    if (error !== undefined) recordSpanError(span, error, 'produce request failed')
    span.end()
  }
}

function splitBroker(broker: string | undefined): [string | undefined, number | undefined] {
  if (!broker) return [undefined, undefined]
  const at = broker.lastIndexOf(':')
  if (at < 0) return [broker, undefined]
  const port = Number(broker.slice(at + 1))
  return [broker.slice(0, at).replace(/^\[|\]$/g, ''), Number.isInteger(port) ? port : undefined]
}
