import type { VendorAdapter } from '../../src/adapter/index.ts'
import { zendeskDocs } from './docs.ts'
import * as fields from './events/ticket-fields.ts'
import * as lifecycle from './events/ticket-lifecycle.ts'
import * as messages from './events/ticket-messages.ts'
import * as users from './events/user-events.ts'
import { identifyZendesk } from './identify.ts'
import { zendeskSettings, type ZendeskSettings } from './settings.ts'
import { createZendeskVerifier, zendeskSigner } from './verify.ts'

const ATTACHMENTS =
  'attachments are not part of the canonical model; the comment arrives as ticket.comment_added'
const DELETION = 'the canonical model has no conversation deletion, merge or spam event'
const SLA =
  'SLA and schedule events are known only from third parties (README §7), with no payload to map to conversation.sla_status_changed'
const ORGANIZATIONS = 'organizations are neither conversations nor customers in the canonical model'

/**
 * Zendesk Support, event-subscribed webhooks (`zen:event-type:*`): base64 HMAC-SHA256 over the
 * signed timestamp header and the body, tenant = `account_id`, dispatch on `type` without its
 * prefix. Every type of the reference catalogue (README §7) is mapped or ignored here.
 *
 * @see https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/
 */
export const zendesk = {
  vendor: 'zendesk',
  // One route; the body names its account (the tenant).
  tenancy: 'body',
  settings: zendeskSettings,
  signer: zendeskSigner,
  createVerifier: createZendeskVerifier,
  // The signature, its timestamp and the webhook / invocation ids: a replay can re-verify.
  keepsHeader: (name: string) => name.startsWith('x-zendesk-'),
  identify: identifyZendesk,
  events: {
    'ticket.created': lifecycle.ticketCreated,
    'ticket.status_changed': lifecycle.ticketStatusChanged,
    'ticket.agent_assignment_changed': lifecycle.ticketAgentAssignmentChanged,
    'ticket.priority_changed': lifecycle.ticketPriorityChanged,
    'ticket.tags_changed': lifecycle.ticketTagsChanged,
    'ticket.comment_added': messages.ticketCommentAdded,
    'messaging_ticket.message_added': messages.messagingMessageAdded,
    'ticket.subject_changed': fields.ticketSubjectChanged,
    'ticket.custom_field_changed': fields.ticketCustomFieldChanged,
    'ticket.custom_status_changed': fields.ticketCustomStatusChanged,
    'ticket.type_changed': fields.ticketTypeChanged,
    'ticket.group_assignment_changed': fields.ticketGroupAssignmentChanged,
    'ticket.brand_changed': fields.ticketBrandChanged,
    'ticket.form_changed': fields.ticketFormChanged,
    'ticket.organization_changed': fields.ticketOrganizationChanged,
    'ticket.requester_changed': fields.ticketRequesterChanged,
    'ticket.description_changed': fields.ticketDescriptionChanged,
    'ticket.external_id_changed': fields.ticketExternalIdChanged,
    'user.created': users.userCreated,
    'user.deleted': users.userDeleted,
    ...users.userUpdates,
  },
  ignored: {
    'ticket.attachment_linked_to_comment': ATTACHMENTS,
    'ticket.attachment_redacted_from_comment': ATTACHMENTS,
    'ticket.comment_made_private':
      'a visibility change of an earlier comment: the contract maps no Zendesk message update',
    'ticket.comment_redacted':
      'a redaction of an earlier comment: the contract maps no Zendesk message update',
    'ticket.email_ccs_changed': 'CCs are not part of the canonical conversation',
    'ticket.followers_changed': 'followers are not part of the canonical conversation',
    'ticket.problem_link_changed': 'problem links are not part of the canonical conversation',
    'ticket.submitter_changed':
      'the submitter is not part of the canonical conversation (the requester is its customer)',
    'ticket.task_due_at_changed': 'task due dates are not part of the canonical conversation',
    'ticket.marked_as_spam': DELETION,
    'ticket.merged': DELETION,
    'ticket.soft_deleted': DELETION,
    'ticket.permanently_deleted': DELETION,
    'ticket.undeleted': DELETION,
    'ticket.next_sla_breach_changed': SLA,
    'ticket.sla_policy_changed': SLA,
    'ticket.schedule_changed': SLA,
    'ticket.ola_policy_changed': SLA,
    'organization.created': ORGANIZATIONS,
    'organization.deleted': ORGANIZATIONS,
    'organization.name_changed': ORGANIZATIONS,
    'organization.tags_changed': ORGANIZATIONS,
    'organization.external_id_changed': ORGANIZATIONS,
    'organization.custom_field_changed': ORGANIZATIONS,
  },
  docs: zendeskDocs,
} satisfies VendorAdapter<ZendeskSettings>
