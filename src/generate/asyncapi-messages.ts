import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema'
import type { CanonicalEventType } from '../canonical/changes.ts'
import { VendorSchema, type CanonicalEventSchema } from '../canonical/event.ts'
import { SHARED_DEFINITIONS } from './json-schema.ts'

/** Kafka bindings version of AsyncAPI 3.0 (asyncapi/bindings, kafka 0.5.0). */
export const KAFKA_BINDING_VERSION = '0.5.0'

/** A local reference to a schema of `components/schemas`: the document needs no other file. */
export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` })
/** The component name of a type's `data` schema: the binary-mode payload. */
export const dataSchemaName = (type: CanonicalEventType) => `${type}.data`
/** The component name of a type's whole event: the structured-mode payload. */
export const eventSchemaName = (type: CanonicalEventType) => `${type}.cloudevent`

/** The structured-mode `content-type` the bridge writes (Kafka binding §3.3.1). */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8'

/**
 * A canonical schema as JSON Schema for the AsyncAPI document: shared shapes referenced from
 * `components/schemas` (local refs only, so no parser fetches anything), without `$schema`.
 */
export function asyncApiSchema(
  schema: Parameters<typeof toJsonSchema>[0],
  overrideSchema?: (valibot: unknown) => JsonSchema | undefined
): JsonSchema {
  const converted = toJsonSchema(schema, {
    definitions: SHARED_DEFINITIONS,
    overrideRef: ({ referenceId }) => schemaRef(referenceId).$ref,
    ...(overrideSchema && { overrideSchema: ({ valibotSchema }) => overrideSchema(valibotSchema) }),
  })
  // `$defs` become `components/schemas`; `$schema` would only invite a fetch.
  return Object.fromEntries(
    Object.entries(converted).filter(([name]) => name !== '$schema' && name !== '$defs')
  )
}

/** W3C Trace Context headers the bridge adds to every record: the webhook's own trace. */
const TRACE_HEADERS = {
  traceparent: {
    type: 'string',
    description: "W3C `traceparent` of the webhook's trace; a consumer continues it.",
  },
  tracestate: { type: 'string', description: 'W3C `tracestate`, when the trace has one.' },
} satisfies Record<string, JsonSchema>

/**
 * One canonical type in both Kafka content modes, derived from its strict schema: the whole
 * structured-mode event (with `data` referenced), and the binary-mode headers, where each
 * attribute but `data` is a `ce_<name>` header (binding §3.2.3) and `datacontenttype` is
 * `content-type` (§3.2.1).
 */
export function canonicalTypeSchemas(option: (typeof CanonicalEventSchema.options)[number]) {
  const type = option.entries.type.literal
  const event = asyncApiSchema(option, (valibot) =>
    valibot === option.entries.data ? schemaRef(dataSchemaName(type)) : undefined
  )
  const attributes = Object.entries(event.properties ?? {}).filter(([name]) => name !== 'data')
  const header = (name: string) => (name === 'datacontenttype' ? 'content-type' : `ce_${name}`)
  const headers: JsonSchema = {
    type: 'object',
    properties: {
      ...Object.fromEntries(attributes.map(([name, schema]) => [header(name), schema])),
      ...TRACE_HEADERS,
    },
    required: (event.required ?? []).filter((name) => name !== 'data').map(header),
  }
  const key: JsonSchema = {
    ...(event.properties?.['subject'] as JsonSchema),
    description: 'The `partitionkey` attribute, equal to `subject` (binding §3.1 key mapper)',
  }
  return { type, event, headers, key }
}

/** The structured-mode alternative of a topic: the whole event as JSON (binding §3.3). */
export function structuredMessage(
  topic: string,
  types: readonly CanonicalEventType[],
  key: JsonSchema
) {
  return {
    name: `${topic}.structured`,
    title: `${topic}: structured mode`,
    summary: `With KAFKA_CONTENT_MODE=structured: the whole CloudEvent as application/cloudevents+json (Kafka binding §3.3), one of the ${topic} types.`,
    contentType: 'application/cloudevents+json',
    headers: {
      type: 'object',
      properties: {
        'content-type': {
          const: STRUCTURED_CONTENT_TYPE,
          description:
            'Read as structured whenever it starts with application/cloudevents (case-insensitive).',
        },
        ...TRACE_HEADERS,
      },
      required: ['content-type'],
    },
    payload: { oneOf: types.map((type) => schemaRef(eventSchemaName(type))) },
    bindings: { kafka: { key, bindingVersion: KAFKA_BINDING_VERSION } },
  }
}

/** What each `dlq-*` header says; the record's other headers are the vendor's own. */
export const DEAD_LETTER_HEADERS = {
  'dlq-reason': {
    type: 'string',
    description:
      'Why the webhook was dead-lettered, a code such as invalid_json, invalid_payload or mapping_failed; new codes may appear within v1.',
  },
  'dlq-detail': {
    type: 'string',
    maxLength: 2000,
    description: 'What failed (validation paths, parse messages), cut to 2,000 characters.',
  },
  'dlq-vendor': {
    ...asyncApiSchema(VendorSchema),
    description: 'The vendor that sent the webhook.',
  },
  'dlq-tenant': {
    type: 'string',
    description: 'The tenant: named in the body, or the route account.',
  },
  'dlq-received-at': {
    type: 'string',
    format: 'date-time',
    description: 'When the bridge received the webhook (RFC 3339, UTC).',
  },
} satisfies Record<string, JsonSchema>

/** The dead-letter record: the authentic webhook exactly as received, for inspection and replay. */
export const deadLetterMessage = {
  name: 'deadletter',
  title: 'Dead-lettered webhook',
  summary:
    'An authentic webhook that could not be mapped: the raw body unchanged, the vendor headers worth keeping (signature included, so a replay can re-verify) and the dlq-* headers.',
  contentType: 'application/octet-stream',
  headers: {
    type: 'object',
    properties: {
      ...DEAD_LETTER_HEADERS,
      'content-type': { type: 'string', description: "The webhook's own content type." },
      ...TRACE_HEADERS,
    },
    required: Object.keys(DEAD_LETTER_HEADERS),
    additionalProperties: {
      type: 'string',
      description: "The vendor's signature header and its vendor-prefixed headers.",
    },
  },
  payload: {
    type: 'string',
    format: 'binary',
    description:
      'The body bytes as received: usually JSON, but not when dlq-reason is invalid_json.',
  },
  bindings: {
    kafka: {
      key: {
        type: ['string', 'null'],
        description: "The vendor's event id when the body told it, else null (spread round-robin).",
      },
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  },
}
