import {
  conversationDraft,
  defineEvent,
  ownValue,
  type ChangeOf,
} from '../../../src/adapter/index.ts'
import { ticketConversation } from '../map/conversation.ts'
import { ticketActor } from '../map/party.ts'
import { TicketFieldChangedSchema } from '../schemas/ticket-events.ts'

type ValueType = ChangeOf<'conversation.field_changed'>['valueType']

/**
 * Custom field types (`custom_field.type`, the Ticket Fields API's names) → canonical value type:
 * `tagger` is a drop-down, `lookup` a relationship (a record id).
 *
 * @see https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_fields/
 */
const CUSTOM_FIELD_TYPES: Readonly<Record<string, ValueType>> = {
  text: 'string',
  textarea: 'string',
  regexp: 'string',
  partialcreditcard: 'string',
  lookup: 'string',
  checkbox: 'boolean',
  date: 'date',
  integer: 'number',
  decimal: 'number',
  tagger: 'enum',
  multiselect: 'enum',
}

/**
 * One built-in field event → `conversation.field_changed`. `key` is the event type without
 * `ticket.` and `_changed` (the contract), values are `event.previous` / `event.current` as sent
 * (ids stay Zendesk's ids), and `vendorValueType` is `null`: built-in fields have no type name.
 */
const builtInFieldChanged = (key: string, valueType: ValueType) =>
  defineEvent(TicketFieldChangedSchema, ({ time, detail, event }, meta) => [
    conversationDraft(
      'conversation.field_changed',
      time,
      ticketConversation(meta, detail),
      ticketActor(meta, detail),
      { key, valueType, vendorValueType: null, from: event.previous, to: event.current }
    ),
  ])

/** `ticket.subject_changed` → field `subject` (the conversation's title is the new subject). */
export const ticketSubjectChanged = builtInFieldChanged('subject', 'string')
/** `ticket.description_changed` → field `description`. */
export const ticketDescriptionChanged = builtInFieldChanged('description', 'string')
/** `ticket.external_id_changed` → field `external_id`. */
export const ticketExternalIdChanged = builtInFieldChanged('external_id', 'string')
/** `ticket.type_changed` → field `type` (QUESTION, INCIDENT, PROBLEM, TASK or `null`). */
export const ticketTypeChanged = builtInFieldChanged('type', 'enum')
/** `ticket.custom_status_changed` → field `custom_status` (custom status ids). */
export const ticketCustomStatusChanged = builtInFieldChanged('custom_status', 'string')
/** `ticket.group_assignment_changed` → field `group_assignment` (group ids). */
export const ticketGroupAssignmentChanged = builtInFieldChanged('group_assignment', 'string')
/** `ticket.brand_changed` → field `brand` (brand ids). */
export const ticketBrandChanged = builtInFieldChanged('brand', 'string')
/** `ticket.form_changed` → field `form` (ticket form ids). */
export const ticketFormChanged = builtInFieldChanged('form', 'string')
/** `ticket.organization_changed` → field `organization` (organization ids). */
export const ticketOrganizationChanged = builtInFieldChanged('organization', 'string')
/** `ticket.requester_changed` → field `requester` (user ids; the conversation's customer is the new one). */
export const ticketRequesterChanged = builtInFieldChanged('requester', 'string')

/**
 * `ticket.custom_field_changed` → `conversation.field_changed` with key `custom_field:<id>`
 * (`custom_field` when no id is sent), `valueType` from `custom_field.type` (`unknown` for a type
 * not listed) and the raw type in `vendorValueType`. A multi-select's list arrives joined by spaces.
 */
export const ticketCustomFieldChanged = defineEvent(
  TicketFieldChangedSchema,
  ({ time, detail, event }, meta) => {
    const field = event.custom_field
    const vendorValueType = field?.type ?? null
    return [
      conversationDraft(
        'conversation.field_changed',
        time,
        ticketConversation(meta, detail),
        ticketActor(meta, detail),
        {
          key: field?.id ? `custom_field:${field.id}` : 'custom_field',
          valueType: ownValue(CUSTOM_FIELD_TYPES, vendorValueType?.toLowerCase()) ?? 'unknown',
          vendorValueType,
          from: event.previous,
          to: event.current,
        }
      ),
    ]
  }
)
