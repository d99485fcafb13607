import {
  customerDraft,
  defineEvent,
  ownValue,
  type CustomerEventType,
  type EventMapping,
} from '../../../src/adapter/index.ts'
import { toCustomer, type UserChangeState } from '../map/customer.ts'
import { ZendeskUserEventSchema, type ZendeskUserEvent } from '../schemas/user.ts'

/** `detail.role` of a customer; Zendesk's other roles (`agent`, `admin`) are staff (README §8). */
const END_USER = 'end-user'

/** Why a user event about staff is not published: only end-users are customers (the contract). */
const STAFF = 'agents and admins (detail.role other than end-user) are not customers'

/**
 * One `user.*` event of an end-user → a `customer.*` event with the user's snapshot; the same
 * event about an agent or admin is acknowledged as ignored. Zendesk names no actor.
 */
const customerEvent = (
  type: Extract<CustomerEventType, 'customer.created' | 'customer.updated' | 'customer.deleted'>,
  fields: readonly string[],
  state: (event: ZendeskUserEvent['event']) => UserChangeState = () => ({})
) =>
  defineEvent(
    ZendeskUserEventSchema,
    ({ time, detail, event }, meta) => [
      customerDraft(type, time, toCustomer(meta, detail, state(event)), null, {
        fields: [...fields],
      }),
    ],
    ({ detail }) => (detail.role.toLowerCase() === END_USER ? undefined : STAFF)
  )

/**
 * Every other documented `user.*` change of an end-user ([3P] list, README §7) → `customer.updated`,
 * with the canonical fields it changes: `name`, `externalId`, `blocked` (a suspended user can
 * neither sign in nor submit requests). The rest change nothing the canonical customer holds
 * (tags, identities, organization memberships, time zone, …): `fields: []`, and the Zendesk type
 * stays in `vendorevent`.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/user-events
 */
export const USER_UPDATES: Readonly<Record<string, readonly string[]>> = {
  'user.active_changed': [],
  'user.alias_changed': [],
  'user.custom_field_changed': [],
  'user.custom_role_changed': [],
  'user.default_group_changed': [],
  'user.details_changed': [],
  'user.external_id_changed': ['externalId'],
  'user.group_membership_created': [],
  'user.group_membership_deleted': [],
  'user.identity_changed': [],
  'user.identity_created': [],
  'user.identity_deleted': [],
  'user.last_login_changed': [],
  'user.merged': [],
  'user.name_changed': ['name'],
  'user.notes_changed': [],
  'user.only_private_comments_changed': [],
  'user.organization_membership_created': [],
  'user.organization_membership_deleted': [],
  'user.password_changed': [],
  'user.photo_changed': [],
  'user.role_changed': [],
  'user.suspended_changed': ['blocked'],
  'user.tags_changed': [],
  'user.time_zone_changed': [],
}

/** What a change event says of the fields the snapshot lacks (`name`, suspension). */
const STATES: Readonly<Record<string, (event: ZendeskUserEvent['event']) => UserChangeState>> = {
  'user.name_changed': ({ current }) => ({ name: typeof current === 'string' ? current : null }),
  'user.suspended_changed': ({ current }) => ({
    blocked: typeof current === 'boolean' ? current : null,
  }),
}

/** `user.created` of an end-user → `customer.created` (`event: {}`; the snapshot has no name). */
export const userCreated = customerEvent('customer.created', [])

/** `user.deleted` of an end-user → `customer.deleted` (the snapshot before deletion, [INF]). */
export const userDeleted = customerEvent('customer.deleted', [])

/** The mappings of every `user.*` change in `USER_UPDATES`, keyed by event type. */
export const userUpdates: Readonly<Record<string, EventMapping>> = Object.fromEntries(
  Object.entries(USER_UPDATES).map(([type, fields]) => [
    type,
    customerEvent('customer.updated', fields, ownValue(STATES, type)),
  ])
)
