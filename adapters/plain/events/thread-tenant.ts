import * as v from 'valibot'
import { conversationDraft, defineEvent, type Tenant } from '../../../src/adapter/index.ts'
import { threadToConversation } from '../map/conversation.ts'
import { actorToParty } from '../map/party.ts'
import { plainEnvelope } from '../schemas/envelope.ts'
import { PlainThreadSchema } from '../schemas/thread.ts'
import { OptionalStringSchema, PlainIdSchema } from '../schemas/values.ts'

const TenantSchema = v.nullish(
  v.object({ id: PlainIdSchema, name: OptionalStringSchema, externalId: OptionalStringSchema }),
  null
)

const toTenant = (tenant: v.InferOutput<typeof TenantSchema>): Tenant | null =>
  tenant && { id: tenant.id, name: tenant.name, externalId: tenant.externalId }

/**
 * `thread.thread_tenant_updated` (payload defined from 2026-04-21) → `conversation.tenant_changed`.
 * Either side may be `null` (a thread joining or leaving a tenant).
 */
export const threadTenantUpdated = defineEvent(
  plainEnvelope({
    previousThread: v.optional(PlainThreadSchema),
    thread: PlainThreadSchema,
    previousTenant: TenantSchema,
    tenant: TenantSchema,
  }),
  (body, meta) => {
    const { thread, previousTenant, tenant } = body.payload
    return [
      conversationDraft(
        'conversation.tenant_changed',
        body.timestamp,
        threadToConversation(meta, thread),
        actorToParty(meta, thread.updatedBy),
        { from: toTenant(previousTenant), to: toTenant(tenant) }
      ),
    ]
  }
)
