import { canonicalId, type Party, type WebhookMeta } from '../../../src/adapter/index.ts'
import type { ZendeskTicket } from '../schemas/ticket.ts'

/** The actor id Zendesk's audit log uses for its own automatic changes (README §9.8, [INF]). */
const SYSTEM_ACTOR_ID = '-1'

/** A party known only by its Zendesk user id: `zendesk:<account_id>:<user id>`. */
export const userParty = (
  meta: WebhookMeta,
  id: string,
  kind: Party['kind'],
  name: string | null = null
): Party => ({ id: canonicalId(meta, id), kind, name, email: null })

/** An agent by user id (an assignee); `null` when nobody is assigned. */
export const agentParty = (meta: WebhookMeta, id: string | null): Party | null =>
  id === null ? null : userParty(meta, id, 'agent')

/**
 * Who made a ticket change, from `detail.actor_id`: `-1` is Zendesk's `system`; the assignee is an
 * `agent` (only agents can be assigned); the requester is a `customer`; anyone else is `unknown`,
 * since the snapshot does not say whether that user is staff (usually an agent, but a CC'd
 * end-user can act too). `null` when no actor is named.
 */
export function ticketActor(meta: WebhookMeta, ticket: ZendeskTicket): Party | null {
  const id = ticket.actor_id
  if (id === null) return null
  if (id === SYSTEM_ACTOR_ID) return { id: null, kind: 'system', name: null, email: null }
  if (id === ticket.assignee_id) return userParty(meta, id, 'agent')
  return userParty(meta, id, id === ticket.requester_id ? 'customer' : 'unknown')
}
