import { filledTextOf, idOf, isRecord, lenient, textOf } from './values.ts'

/**
 * Who a part or message names: an `author` (`admin | user | lead | bot | team`), an `assigned_to`
 * or a 1.x `assignee` (`admin | team | nobody_admin`), each `{type, id, name?, email?}` (README §7).
 * Every member is optional and the type is free text, so a new kind maps to an `unknown` party.
 */
export interface IntercomPartyRef {
  readonly type: string | null
  readonly id: string | null
  readonly name: string | null
  readonly email: string | null
}

/**
 * A party reference, read without a schema object per field: parts carry several and a ticket
 * holds its whole history, so this is on the hot path. Anything but an object is `null`.
 */
export const partyRefOf = (value: unknown): IntercomPartyRef | null =>
  isRecord(value)
    ? {
        type: textOf(value['type']),
        id: idOf(value['id']),
        name: filledTextOf(value['name']),
        email: filledTextOf(value['email']),
      }
    : null

/** An optional party reference (absent, `null` or not an object: `null`). */
export const PartyRefSchema = lenient(partyRefOf)
