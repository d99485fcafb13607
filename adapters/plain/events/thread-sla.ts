import * as v from 'valibot'
import {
  conversationDraft,
  defineEvent,
  ownValue,
  type SlaStatus,
} from '../../../src/adapter/index.ts'
import { threadToConversation } from '../map/conversation.ts'
import { plainEnvelope } from '../schemas/envelope.ts'
import { PlainThreadSchema } from '../schemas/thread.ts'
import { OptionalNumberishSchema, OptionalStringSchema } from '../schemas/values.ts'

const SlaSchema = v.object({
  id: v.nullish(v.pipe(v.string(), v.minLength(1)), null),
  type: v.string(),
  firstResponseTimeMinutes: OptionalNumberishSchema,
  nextResponseTimeMinutes: OptionalNumberishSchema,
  tier: v.nullish(
    v.object({ id: v.pipe(v.string(), v.minLength(1)), name: OptionalStringSchema }),
    null
  ),
})

const StatusDetailSchema = v.object({ status: v.string() })

const KINDS: Readonly<Record<string, 'first_response' | 'next_response'>> = {
  FIRST_RESPONSE_TIME: 'first_response',
  NEXT_RESPONSE_TIME: 'next_response',
}

const SLA_STATUSES: Readonly<Record<string, SlaStatus>> = {
  PENDING: 'pending',
  IMMINENT_BREACH: 'imminent_breach',
  BREACHING: 'breaching',
  BREACHED: 'breached',
  ACHIEVED: 'achieved',
  CANCELLED: 'cancelled',
}

const slaStatus = (status: string): SlaStatus => ownValue(SLA_STATUSES, status) ?? 'unknown'

/**
 * `thread.service_level_agreement_status_transitioned` → `conversation.sla_status_changed`.
 * Dispatched on `payload.eventType`: Plain's official example has a wrong top-level `type`.
 * The SLA machinery changes the status, so there is no actor.
 *
 * @see https://www.plain.com/docs/webhooks/thread-service-level-agreement-status-transitioned (status meanings)
 */
export const slaStatusTransitioned = defineEvent(
  plainEnvelope({
    thread: PlainThreadSchema,
    serviceLevelAgreement: SlaSchema,
    previousServiceLevelAgreementStatusDetail: v.nullish(StatusDetailSchema, null),
    serviceLevelAgreementStatusDetail: StatusDetailSchema,
  }),
  (body, meta) => {
    const { thread, serviceLevelAgreement: sla } = body.payload
    const previous = body.payload.previousServiceLevelAgreementStatusDetail
    const current = body.payload.serviceLevelAgreementStatusDetail
    const kind = ownValue(KINDS, sla.type) ?? 'unknown'
    return [
      conversationDraft(
        'conversation.sla_status_changed',
        body.timestamp,
        threadToConversation(meta, thread),
        null,
        {
          sla: {
            id: sla.id,
            kind,
            targetMinutes: sla.firstResponseTimeMinutes ?? sla.nextResponseTimeMinutes,
            tier: sla.tier && { id: sla.tier.id, name: sla.tier.name },
          },
          from: previous && slaStatus(previous.status),
          to: slaStatus(current.status),
          vendorFrom: previous?.status ?? null,
          vendorTo: current.status,
        }
      ),
    ]
  }
)
