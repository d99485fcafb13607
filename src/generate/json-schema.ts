import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema'
import type { CanonicalEventType } from '../canonical/changes.ts'
import {
  CANONICAL_EVENT_TYPES,
  CanonicalEventSchema,
  DATA_SCHEMAS,
  dataSchemaUri,
} from '../canonical/event.ts'
import {
  ConversationSchema,
  CustomerRefSchema,
  CustomerSchema,
  MessageSchema,
  PartySchema,
  TenantSchema,
} from '../canonical/shared.ts'

/** Shared shapes become `$ref`ed definitions, so each generated file (and the AsyncAPI document) states them once. */
export const SHARED_DEFINITIONS = {
  Party: PartySchema,
  CustomerRef: CustomerRefSchema,
  Conversation: ConversationSchema,
  Customer: CustomerSchema,
  Message: MessageSchema,
  Tenant: TenantSchema,
}

/** File name of the generated JSON Schema of one type's `data`. */
export const dataSchemaFile = (type: CanonicalEventType) => `${type}.v1.json`

/** File name of the generated JSON Schema of a whole structured-mode canonical event. */
export const CLOUDEVENT_SCHEMA_FILE = 'cloudevent.v1.json'

/**
 * JSON Schemas (draft-07) generated from the valibot source of truth: one per type's `data`
 * (named by the event's `dataschema` URI) and one for the whole event. Written to `schemas/`
 * by `npm run generate`; a test fails when the checked-in files drift.
 */
export function canonicalJsonSchemas(): Record<string, JsonSchema> {
  const files: Record<string, JsonSchema> = {
    [CLOUDEVENT_SCHEMA_FILE]: {
      $id: 'urn:switchboard:schema:cloudevent:1',
      title: 'Switchboard canonical CloudEvent (structured mode)',
      ...toJsonSchema(CanonicalEventSchema, { definitions: SHARED_DEFINITIONS }),
    },
  }
  for (const type of CANONICAL_EVENT_TYPES) {
    files[dataSchemaFile(type)] = {
      $id: dataSchemaUri(type),
      title: `data of ${type}`,
      ...toJsonSchema(DATA_SCHEMAS[type], { definitions: SHARED_DEFINITIONS }),
    }
  }
  return files
}
