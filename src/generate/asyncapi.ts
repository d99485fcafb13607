import { toJsonSchemaDefs } from '@valibot/to-json-schema'
import {
  canonicalTypeSchemas,
  dataSchemaName,
  deadLetterMessage,
  eventSchemaName,
  KAFKA_BINDING_VERSION,
  asyncApiSchema,
  schemaRef,
  structuredMessage,
} from './asyncapi-messages.ts'
import type { CanonicalEventType } from '../canonical/changes.ts'
import { CanonicalEventSchema, DATA_SCHEMA_VERSION, DATA_SCHEMAS } from '../canonical/event.ts'
import { SHARED_DEFINITIONS } from './json-schema.ts'

/** File name of the generated AsyncAPI document in `schemas/` (and in the consumer package). */
export const ASYNCAPI_FILE = 'asyncapi.json'

/** The topics' default names (`KAFKA_TOPIC_*`, docs/configuration.md): the channel addresses. */
export const DEFAULT_TOPICS = {
  conversations: 'switchboard.conversations.v1',
  customers: 'switchboard.customers.v1',
  deadletter: 'switchboard.deadletter.v1',
} as const

const CHANNELS = {
  conversations: {
    prefix: 'conversation.',
    description:
      "Every `conversation.*` event, keyed by the conversation's canonical id (= `subject` = `partitionkey`), so one conversation's events stay in order in one partition.",
  },
  customers: {
    prefix: 'customer.',
    description:
      "Every `customer.*` event, keyed by the customer's canonical id (= `subject` = `partitionkey`).",
  },
} as const

/**
 * The AsyncAPI 3.0 document of the three topics, generated from the canonical schemas: one
 * message per event type (binary mode, the default: `data` as payload, attributes as `ce_*`
 * headers, key = `partitionkey`), a structured-mode message per topic, and the dead-letter
 * record with its `dlq-*` headers. References are local only. Written to
 * `schemas/asyncapi.json` by `npm run generate`; a test fails when the checked-in file drifts.
 */
export function canonicalAsyncApi(): Record<string, unknown> {
  const types = CanonicalEventSchema.options.map(canonicalTypeSchemas)
  const schemas: Record<string, unknown> = toJsonSchemaDefs(SHARED_DEFINITIONS, {
    overrideRef: ({ referenceId }) => schemaRef(referenceId).$ref,
  })
  const messages: Record<string, unknown> = {}
  for (const { type, event, headers, key } of types) {
    schemas[dataSchemaName(type)] = {
      title: `data of ${type}`,
      ...asyncApiSchema(DATA_SCHEMAS[type]),
    }
    schemas[eventSchemaName(type)] = { title: `${type} (structured mode)`, ...event }
    messages[type] = {
      name: type,
      title: type,
      summary: `${type} in binary mode (the default): the value is its data as JSON; every other attribute is a ce_* header (Kafka binding §3.2).`,
      contentType: 'application/json',
      headers,
      payload: schemaRef(dataSchemaName(type)),
      bindings: { kafka: { key, bindingVersion: KAFKA_BINDING_VERSION } },
    }
  }
  const channels: Record<string, unknown> = {}
  const operations: Record<string, unknown> = {}
  for (const [topic, { prefix, description }] of Object.entries(CHANNELS)) {
    const own: CanonicalEventType[] = types
      .map(({ type }) => type)
      .filter((t) => t.startsWith(prefix))
    // Every type has the same key: its `partitionkey`.
    const structured = structuredMessage(topic, own, types[0]?.key ?? {})
    messages[structured.name] = structured
    const ids = [...own, structured.name]
    channels[topic] = channel(topic as keyof typeof DEFAULT_TOPICS, description, ids)
    operations[`send.${topic}`] = operation(topic, `Publishes ${prefix}* events.`, ids)
  }
  messages['deadletter'] = deadLetterMessage
  channels['deadletter'] = channel(
    'deadletter',
    'Authentic webhooks that could not be mapped, dead-lettered with their raw body.',
    ['deadletter']
  )
  operations['send.deadletter'] = operation('deadletter', 'Dead-letters unmappable webhooks.', [
    'deadletter',
  ])
  return {
    asyncapi: '3.0.0',
    id: 'urn:switchboard:asyncapi',
    info: {
      title: 'Switchboard canonical events',
      // Major = the topics' `v` and the `dataschema` version; minor for additive changes.
      version: `${DATA_SCHEMA_VERSION}.0.0`,
      description: [
        'Canonical conversation-lifecycle CloudEvents 1.0 published by Switchboard to Kafka.',
        'Records use the CloudEvents Kafka binding in binary mode by default; `KAFKA_CONTENT_MODE=structured` sends the structured-mode message instead.',
        'Addresses are the default topic names (`KAFKA_TOPIC_*`).',
        'The schemas state exactly what this version publishes. Within a `v1` topic the producer may add optional data members, extension attributes, event types and media-type parameters (docs/contract.md): consumers ignore what they do not know.',
      ].join('\n\n'),
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas, messages },
  }
}

function channel(topic: keyof typeof DEFAULT_TOPICS, description: string, messageIds: string[]) {
  return {
    address: DEFAULT_TOPICS[topic],
    title: DEFAULT_TOPICS[topic],
    description,
    messages: Object.fromEntries(
      messageIds.map((id) => [id, { $ref: `#/components/messages/${id}` }])
    ),
    bindings: { kafka: { topic: DEFAULT_TOPICS[topic], bindingVersion: KAFKA_BINDING_VERSION } },
  }
}

function operation(topic: string, summary: string, messageIds: string[]) {
  return {
    action: 'send',
    channel: { $ref: `#/channels/${topic}` },
    summary,
    messages: messageIds.map((id) => ({ $ref: `#/channels/${topic}/messages/${id}` })),
  }
}
