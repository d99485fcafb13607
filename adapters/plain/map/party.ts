import { canonicalId, type Party, type WebhookMeta } from '../../../src/adapter/index.ts'
import type { PlainActor } from '../schemas/party.ts'
import type { PlainAssignee } from '../schemas/thread.ts'

const party = (
  kind: Party['kind'],
  id: string | null,
  name: string | null = null,
  email: string | null = null
): Party => ({
  id,
  kind,
  name,
  email,
})

const UNKNOWN_PARTY = party('unknown', null)

/**
 * Plain actor → party. Users are agents, machine users bots, `system` and support addresses the
 * vendor's system; `deletedCustomer` is still the customer. Anything else is `unknown`, never an error.
 */
export function actorToParty(meta: WebhookMeta, actor: PlainActor | null): Party | null {
  if (!actor) return null
  const id = (vendorId: string | undefined) => (vendorId ? canonicalId(meta, vendorId) : null)
  switch (actor.actorType) {
    case 'user':
      return party('agent', id(actor.userId))
    case 'machineUser':
      return party('bot', id(actor.machineUserId))
    case 'customer':
    case 'deletedCustomer':
      return party('customer', id(actor.customerId))
    case 'system':
      return party('system', null, actor.system ?? null)
    case 'supportEmailAddress':
      return party('system', null, null, actor.supportEmailAddress ?? null)
    default:
      return UNKNOWN_PARTY
  }
}

/**
 * Plain `threadAssignee` → party. The schema's anyOf has no discriminant: a user has `email` and a
 * presence `status`, a machine user a `description`; a bare `{id}` is told by its prefix (`u_`, `mu_`).
 */
export function assigneeToParty(meta: WebhookMeta, assignee: PlainAssignee | null): Party | null {
  if (!assignee) return null
  if (!assignee.id) return UNKNOWN_PARTY
  const id = canonicalId(meta, assignee.id)
  const name = assignee.fullName ?? assignee.publicName ?? null
  if (
    assignee.email !== undefined ||
    assignee.status !== undefined ||
    assignee.id.startsWith('u_')
  ) {
    return party('agent', id, name, assignee.email ?? null)
  }
  if (assignee.description !== undefined || assignee.id.startsWith('mu_')) {
    return party('bot', id, name)
  }
  return party('unknown', id, name)
}
