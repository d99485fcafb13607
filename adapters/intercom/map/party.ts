import { canonicalId, ownValue, type Party, type WebhookMeta } from '../../../src/adapter/index.ts'
import type { IntercomPartyRef } from '../schemas/party.ts'
import type { IntercomThread } from '../schemas/thread.ts'

/** Author and assignee `type`s (README §7) → party kinds; `team` is handled apart, anything else is `unknown`. */
const KINDS: Readonly<Record<string, Party['kind']>> = {
  admin: 'agent',
  user: 'customer',
  lead: 'customer',
  contact: 'customer',
  bot: 'bot',
}

/** `type`s that name a contact (a customer): 1.x says user or lead, 2.x contact. */
const isContactType = (type: string | null) => ownValue(KINDS, type) === 'customer'

/**
 * A team as a party: kind `unknown` (a new kind would be a `v2` change, docs/contract.md) with the
 * id `intercom:<app_id>:team:<id>`, so a team never collides with an admin of the same number.
 */
const teamParty = (meta: WebhookMeta, ref: IntercomPartyRef): Party => ({
  id: ref.id === null ? null : canonicalId(meta, `team:${ref.id}`),
  kind: 'unknown',
  name: ref.name,
  email: null,
})

/**
 * `ref` with the name and e-mail the payload gives elsewhere for the same person: 2.x assignees
 * are bare ids and 1.x message authors `{type, id}`, while a part's author or the 1.x `user`
 * names them (so does the 1.x `assignee`). Only missing values are filled, from the first match.
 */
function named(thread: IntercomThread, ref: IntercomPartyRef): IntercomPartyRef {
  if ((ref.name !== null && ref.email !== null) || ref.id === null) return ref
  const { contact } = thread
  if (isContactType(ref.type) && contact?.id === ref.id) {
    return { ...ref, name: ref.name ?? contact.name, email: ref.email ?? contact.email }
  }
  const fill = (other: IntercomPartyRef | null) =>
    other?.id === ref.id && other.type === ref.type && (other.name ?? other.email) !== null
      ? { ...ref, name: ref.name ?? other.name, email: ref.email ?? other.email }
      : null
  for (const part of thread.parts) {
    const found = fill(part.author) ?? fill(part.assigned_to)
    if (found) return found
  }
  return fill(thread.admin) ?? ref
}

/**
 * An author or assignee reference → a party: admin → agent, user / lead / contact → customer,
 * bot → bot, team → team party, anything else → `unknown`. Ids are canonical
 * (`intercom:<app_id>:<id>`); names are filled from elsewhere in the payload where missing.
 */
export function partyOf(
  meta: WebhookMeta,
  thread: IntercomThread,
  ref: IntercomPartyRef | null
): Party | null {
  if (ref === null) return null
  if (ref.type === 'team') return teamParty(meta, ref)
  const { id, name, email } = named(thread, ref)
  return {
    id: id === null ? null : canonicalId(meta, id),
    kind: ownValue(KINDS, ref.type) ?? 'unknown',
    name,
    email,
  }
}

/**
 * What an `assigned_to` or assignee names: `null` for nobody (`nobody_admin`, a `null` or `"0"`
 * id, README §8.3), else its party.
 */
export const assigneeOf = (
  meta: WebhookMeta,
  thread: IntercomThread,
  ref: IntercomPartyRef | null
): Party | null =>
  ref === null || ref.type === 'nobody_admin' || ref.id === null || ref.id === '0'
    ? null
    : partyOf(meta, thread, ref)

/** The conversation's assignee: the admin, else the team, else nobody (`prefer` flips the order). */
export function currentAssignee(
  meta: WebhookMeta,
  thread: IntercomThread,
  prefer: 'admin' | 'team' = 'admin'
): Party | null {
  const first = prefer === 'admin' ? thread.admin : thread.team
  const second = prefer === 'admin' ? thread.team : thread.admin
  return assigneeOf(meta, thread, first ?? second)
}
