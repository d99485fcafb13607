/**
 * Test support, not part of the consumer package: each change docs/contract.md calls additive,
 * applied to a record exactly as `src/kafka/records.ts` writes it. The unit tests and the
 * pack-and-install test feed these to the helper: accepted by default, rejected when strict.
 */
import type { Message } from 'kafkajs'
import type { CanonicalEvent } from '../../canonical/index.ts'
import { toBinaryMessage, toStructuredMessage } from '../../kafka/records.ts'

/** One additive change: its name, and the record of `event` with the change applied. */
export interface AdditiveChange {
  readonly name: string
  /** Whether the helper sees a type it knows (`canonical`) or a newer one (`unknown_type`). */
  readonly kind: 'canonical' | 'unknown_type'
  readonly record: (event: CanonicalEvent) => Message
}

/** A type added after this version: same envelope, its own `dataschema`. */
export const NEW_TYPE = 'conversation.escalated'

const json = (message: Message): Record<string, unknown> =>
  JSON.parse(String(message.value)) as Record<string, unknown>

/** `data` with a new member at its top and in its first nested object (the conversation or customer). */
function withNewMembers(data: Record<string, unknown>): Record<string, unknown> {
  const [entity, value] = Object.entries(data)[0] ?? []
  return {
    ...data,
    ...(entity !== undefined && { [entity]: { ...(value as object), region: 'eu-west' } }),
    sentiment: { score: 0.4 },
  }
}

const newType = (event: CanonicalEvent) => ({
  ...event,
  type: NEW_TYPE,
  dataschema: `urn:switchboard:schema:${NEW_TYPE}:1`,
  data: { ...event.data, escalation: { level: 2 } },
})

/** Every additive change of docs/contract.md, in both content modes where the mode matters. */
export const ADDITIVE_CHANGES: readonly AdditiveChange[] = [
  {
    name: 'new data members (binary)',
    kind: 'canonical',
    record: (event) => {
      const message = toBinaryMessage(event)
      return { ...message, value: JSON.stringify(withNewMembers(json(message))) }
    },
  },
  {
    name: 'new data members (structured)',
    kind: 'canonical',
    record: (event) => {
      const message = toStructuredMessage(event)
      const whole = json(message)
      const data = withNewMembers(whole['data'] as Record<string, unknown>)
      return { ...message, value: JSON.stringify({ ...whole, data }) }
    },
  },
  {
    name: 'a new extension attribute: a ce_region header (binary)',
    kind: 'canonical',
    record: (event) => {
      const message = toBinaryMessage(event)
      return { ...message, headers: { ...message.headers, ce_region: 'eu-west' } }
    },
  },
  {
    name: 'a new extension attribute: a region member (structured)',
    kind: 'canonical',
    record: (event) => {
      const message = toStructuredMessage(event)
      return { ...message, value: JSON.stringify({ ...json(message), region: 'eu-west' }) }
    },
  },
  {
    name: 'a media-type parameter: content-type application/json; charset=utf-8 (binary)',
    kind: 'canonical',
    record: (event) => {
      const message = toBinaryMessage(event)
      const headers = { ...message.headers, 'content-type': 'application/json; charset=utf-8' }
      return { ...message, headers }
    },
  },
  {
    name: 'a media-type parameter and casing: datacontenttype Application/JSON;charset=UTF-8 (structured)',
    kind: 'canonical',
    record: (event) => {
      const message = toStructuredMessage(event)
      const whole = { ...json(message), datacontenttype: 'Application/JSON;charset=UTF-8' }
      return { ...message, value: JSON.stringify(whole) }
    },
  },
  {
    name: `a new event type: ${NEW_TYPE} (binary)`,
    kind: 'unknown_type',
    record: (event) => {
      const changed = newType(event)
      const message = toBinaryMessage(event)
      const headers = {
        ...message.headers,
        ce_type: changed.type,
        ce_dataschema: changed.dataschema,
      }
      return { ...message, headers, value: JSON.stringify(changed.data) }
    },
  },
  {
    name: `a new event type: ${NEW_TYPE} (structured)`,
    kind: 'unknown_type',
    record: (event) => ({ ...toStructuredMessage(event), value: JSON.stringify(newType(event)) }),
  },
]
