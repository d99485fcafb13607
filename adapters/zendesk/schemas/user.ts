import * as v from 'valibot'
import { OptionalTextSchema } from '../../../src/adapter/index.ts'
import { zendeskEnvelope } from './envelope.ts'
import { OptionalIdSchema, OptionalTimestampSchema, VendorIdSchema } from './values.ts'

/**
 * The user snapshot (`detail`) of a user event, after the change. It has no name (README §3):
 * only `user.name_changed` tells one. `external_id` is `""` when unset, which becomes `null`;
 * `default_group_id` and `organization_id` (`"0"` for none) are not read.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/user-events
 */
export const ZendeskUserSchema = v.object({
  id: VendorIdSchema,
  email: OptionalTextSchema,
  external_id: OptionalIdSchema,
  // Required: only an end-user is a customer, so a user event that does not say is not mapped.
  // Any other role (agent, admin) is acknowledged as ignored (`isStaff`, the mappings' `ignores`).
  role: v.pipe(v.string(), v.trim(), v.nonEmpty('role is blank')),
  created_at: OptionalTimestampSchema,
  updated_at: OptionalTimestampSchema,
})

/**
 * `event` of a user event: `{}` for created/deleted, `{current, previous}` for `*_changed`, with
 * strings, booleans (`active_changed`) or objects (identities) as values, so values stay unknown
 * here and each mapping reads only the type it understands. Absent is `{}`.
 */
const UserChangeSchema = v.optional(
  v.object({ current: v.optional(v.unknown()), previous: v.optional(v.unknown()) }),
  {}
)

/** Any `user.*` webhook. */
export const ZendeskUserEventSchema = zendeskEnvelope(ZendeskUserSchema, UserChangeSchema)

/** A user snapshot as parsed. */
export type ZendeskUser = v.InferOutput<typeof ZendeskUserSchema>

/** A user webhook as parsed. */
export type ZendeskUserEvent = v.InferOutput<typeof ZendeskUserEventSchema>
