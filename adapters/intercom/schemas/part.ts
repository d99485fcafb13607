import * as v from 'valibot'
import { partyRefOf, type IntercomPartyRef } from './party.ts'
import {
  booleanOf,
  idOf,
  isRecord,
  lenient,
  tagNamesOf,
  textOf,
  unixSecondsOf,
} from './values.ts'

/**
 * A conversation or ticket part (`conversation_part`, `ticket_part`): one reply, note, assignment,
 * state change… (README §7). `part_type` is free text (Intercom adds types: Fin's
 * `channel_and_reply_time_expectation`, `ticket_state_updated_by_admin`, …). `updated_at` is the
 * time of the latest change to the part: a tag or a redaction moves it, not `created_at` (§8.7).
 * A ticket part's `ticket_state` is the state it moved to.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export interface IntercomPart {
  readonly id: string | null
  readonly part_type: string | null
  readonly body: string | null
  /** Unix seconds: compared often, published rarely (see `isoOfSeconds`). */
  readonly created_at: number | null
  readonly updated_at: number | null
  readonly author: IntercomPartyRef | null
  /** `{type: nobody_admin, id: null}` stays a reference: "assigned to nobody", unlike `null`. */
  readonly assigned_to: IntercomPartyRef | null
  readonly tags: string[]
  readonly ticket_state: string | null
  readonly redacted: boolean | null
}

/**
 * A part, read field by field without a schema object each: a ticket carries its whole history
 * (13 parts in the `ticket.closed` capture), so this is the adapter's hot path. Every field is
 * optional; anything but an object is `null`.
 */
export const partOf = (value: unknown): IntercomPart | null =>
  isRecord(value)
    ? {
        id: idOf(value['id']),
        part_type: textOf(value['part_type']),
        body: textOf(value['body']),
        created_at: unixSecondsOf(value['created_at']),
        updated_at: unixSecondsOf(value['updated_at']),
        author: partyRefOf(value['author']),
        assigned_to: partyRefOf(value['assigned_to']),
        tags: tagNamesOf(value['tags']),
        ticket_state: textOf(value['ticket_state']),
        redacted: booleanOf(value['redacted']),
      }
    : null

/**
 * The parts of a list wrapper (`{type: "conversation_part.list", conversation_parts: […]}`) under
 * `key`; entries that are not objects are skipped, anything else is `[]`.
 */
export const partListOf =
  (key: string) =>
  (value: unknown): IntercomPart[] => {
    const list = isRecord(value) ? value[key] : null
    if (!Array.isArray(list)) return []
    const parts: IntercomPart[] = []
    for (const entry of list as unknown[]) {
      const part = partOf(entry)
      if (part !== null) parts.push(part)
    }
    return parts
  }

/** An optional part (`ticket_part`). */
export const PartSchema = lenient(partOf)

/** A part list wrapper under `key` → its parts (`[]` when absent or unusable). */
export const partListSchema = (key: string) =>
  v.optional(v.pipe(v.unknown(), v.transform(partListOf(key))), () => [])
