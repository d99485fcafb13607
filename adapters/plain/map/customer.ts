import {
  canonicalId,
  ownValue,
  type Customer,
  type CustomerRef,
  type CustomerStatus,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import type { PlainCustomer } from '../schemas/customer.ts'

const STATUSES: Readonly<Record<string, CustomerStatus>> = {
  ACTIVE: 'active',
  SNOOZED: 'snoozed',
  IDLE: 'idle',
}

/** Legacy customer status (seed 000: ACTIVE / SNOOZED / IDLE); `null` when absent or unknown. */
export const plainCustomerStatus = (status: string | null): CustomerStatus | null =>
  ownValue(STATUSES, status) ?? null

/** The fields every Plain customer object has, full or as a thread's customer. */
interface CustomerIdentity {
  readonly id: string
  readonly email: { readonly email: string | null } | null
  readonly fullName: string | null
  readonly externalId: string | null
}

/** A Plain customer (or a thread's customer) as a canonical reference. */
export function toCustomerRef(meta: WebhookMeta, customer: CustomerIdentity): CustomerRef {
  return {
    id: canonicalId(meta, customer.id),
    vendorId: customer.id,
    email: customer.email?.email ?? null,
    name: customer.fullName,
    externalId: customer.externalId,
  }
}

/** Group keys of a customer's memberships (stable, unlike display names), falling back to name or id. */
export function groupKeys(customer: PlainCustomer): string[] {
  const keys: string[] = []
  for (const membership of customer.customerGroupMemberships) {
    const group = membership.customerGroup
    const key = group?.key ?? group?.name ?? group?.id ?? membership.customerGroupId
    if (key) keys.push(key)
  }
  return keys
}

/**
 * Plain customer → canonical customer. Plain has no subscription state (`null`); a customer marked
 * as spam is `blocked` (Plain's closest notion; HelpCrunch's block lands in the same field), and a
 * payload without `markedAsSpamAt` (unversioned) leaves it unknown (`null`).
 */
export function toCustomer(meta: WebhookMeta, customer: PlainCustomer): Customer {
  return {
    ...toCustomerRef(meta, customer),
    status: plainCustomerStatus(customer.status),
    groups: groupKeys(customer),
    subscribed: null,
    blocked: customer.markedAsSpamAt === undefined ? null : customer.markedAsSpamAt !== null,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  }
}
