import { canonicalId, type Customer, type WebhookMeta } from '../../../src/adapter/index.ts'
import type { ZendeskUser } from '../schemas/user.ts'

/** What a user event says beyond the snapshot (which has no name and no suspension state). */
export interface UserChangeState {
  /** From `user.name_changed`'s `event.current`. */
  readonly name?: string | null
  /** From `user.suspended_changed`'s `event.current`. */
  readonly blocked?: boolean | null
}

/**
 * A Zendesk end-user → canonical customer: `email`, `externalId` (`external_id`, `""` → `null`),
 * `createdAt`/`updatedAt`; `name` and `blocked` only where the event tells them; `status`,
 * `subscribed` = `null` and `groups` = `[]` (Zendesk has none of these for end-users).
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/user-events
 */
export const toCustomer = (
  meta: WebhookMeta,
  user: ZendeskUser,
  state: UserChangeState = {}
): Customer => ({
  id: canonicalId(meta, user.id),
  vendorId: user.id,
  email: user.email === '' ? null : user.email,
  name: state.name ?? null,
  externalId: user.external_id,
  status: null,
  groups: [],
  subscribed: null,
  blocked: state.blocked ?? null,
  createdAt: user.created_at,
  updatedAt: user.updated_at,
})
