import {
  canonicalId,
  type CustomerRef,
  type Party,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { HelpCrunchAgent } from '../schemas/party.ts'

/** The customer as an actor or author; `null` when the webhook names no customer. */
export const customerParty = (customer: CustomerRef | null): Party | null =>
  customer && { id: customer.id, kind: 'customer', name: customer.name, email: customer.email }

/**
 * A team member as an actor, author or assignee. Agent ids are per account like every HelpCrunch
 * id, so they are canonical (`helpcrunch:<tenant>:<id>`) too.
 */
export const agentParty = (meta: WebhookMeta, agent: HelpCrunchAgent | null): Party | null =>
  agent && {
    id: agent.id === null ? null : canonicalId(meta, agent.id),
    kind: 'agent',
    name: agent.name,
    email: agent.email,
  }

/**
 * Who closed a chat, from `closedBy` (`"customer"` or `"agent"`). The webhook does not say which
 * agent (the assignee need not be the closer), so an agent closer is anonymous; any other value
 * is an `unknown` party, and an absent one `null`.
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export function closedByParty(closedBy: string | null, customer: CustomerRef | null): Party | null {
  if (closedBy === null) return null
  switch (closedBy.trim().toLowerCase()) {
    case 'customer':
      return customerParty(customer) ?? { id: null, kind: 'customer', name: null, email: null }
    case 'agent':
      return { id: null, kind: 'agent', name: null, email: null }
    default:
      return { id: null, kind: 'unknown', name: null, email: null }
  }
}
