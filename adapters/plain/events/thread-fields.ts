import * as v from 'valibot'
import {
  conversationDraft,
  defineEvent,
  ownValue,
  type FieldValue,
  type ChangeOf,
} from '../../../src/adapter/index.ts'
import { threadToConversation } from '../map/conversation.ts'
import { actorToParty } from '../map/party.ts'
import { OptionalPlainActorSchema } from '../schemas/party.ts'
import { plainEnvelope } from '../schemas/envelope.ts'
import { PlainThreadSchema } from '../schemas/thread.ts'
import { OptionalNumberishSchema, OptionalStringSchema } from '../schemas/values.ts'

/**
 * `threadField`: one typed value slot per field type (ENUM values arrive in `stringValue`;
 * `numberValue`/`dateValue` exist from 2026-02-11 on).
 */
const ThreadFieldSchema = v.object({
  key: v.pipe(v.string(), v.minLength(1)),
  type: v.nullish(v.string(), null),
  stringValue: OptionalStringSchema,
  booleanValue: v.nullish(v.boolean(), null),
  numberValue: OptionalNumberishSchema,
  dateValue: OptionalStringSchema,
  createdBy: OptionalPlainActorSchema,
  updatedBy: OptionalPlainActorSchema,
})
type ThreadField = v.InferOutput<typeof ThreadFieldSchema>

type ValueType = ChangeOf<'conversation.field_changed'>['valueType']

const VALUE_TYPES: Readonly<Record<string, ValueType>> = {
  STRING: 'string',
  BOOL: 'boolean',
  ENUM: 'enum',
  NUMBER: 'number',
  CURRENCY: 'currency',
  DATE: 'date',
}

/** The value in the slot its type names; for an unknown type, the first slot that holds one. */
function fieldValue(field: ThreadField): FieldValue | null {
  switch (ownValue(VALUE_TYPES, field.type)) {
    case 'string':
    case 'enum':
      return field.stringValue
    case 'boolean':
      return field.booleanValue
    case 'number':
    case 'currency':
      return field.numberValue
    case 'date':
      return field.dateValue
    default:
      return field.stringValue ?? field.booleanValue ?? field.numberValue ?? field.dateValue
  }
}

const fieldChange = (field: ThreadField, from: FieldValue | null, to: FieldValue | null) => ({
  key: field.key,
  valueType: ownValue(VALUE_TYPES, field.type) ?? 'unknown',
  vendorValueType: field.type,
  from,
  to,
})

/** `thread.thread_field_created` → `conversation.field_changed` with `from: null`. */
export const threadFieldCreated = defineEvent(
  plainEnvelope({ thread: PlainThreadSchema, threadField: ThreadFieldSchema }),
  (body, meta) => {
    const { thread, threadField } = body.payload
    return [
      conversationDraft(
        'conversation.field_changed',
        body.timestamp,
        threadToConversation(meta, thread),
        actorToParty(meta, threadField.createdBy),
        fieldChange(threadField, null, fieldValue(threadField))
      ),
    ]
  }
)

/** `thread.thread_field_updated` → `conversation.field_changed` from the previous value to the new one. */
export const threadFieldUpdated = defineEvent(
  plainEnvelope({
    thread: PlainThreadSchema,
    previousThreadField: ThreadFieldSchema,
    threadField: ThreadFieldSchema,
  }),
  (body, meta) => {
    const { thread, previousThreadField, threadField } = body.payload
    return [
      conversationDraft(
        'conversation.field_changed',
        body.timestamp,
        threadToConversation(meta, thread),
        actorToParty(meta, threadField.updatedBy),
        fieldChange(threadField, fieldValue(previousThreadField), fieldValue(threadField))
      ),
    ]
  }
)

/** `thread.thread_field_deleted` → `conversation.field_changed` with `to: null`. */
export const threadFieldDeleted = defineEvent(
  plainEnvelope({ thread: PlainThreadSchema, previousThreadField: ThreadFieldSchema }),
  (body, meta) => {
    const { thread, previousThreadField } = body.payload
    return [
      conversationDraft(
        'conversation.field_changed',
        body.timestamp,
        threadToConversation(meta, thread),
        actorToParty(meta, thread.updatedBy),
        fieldChange(previousThreadField, fieldValue(previousThreadField), null)
      ),
    ]
  }
)
