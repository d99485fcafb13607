import type { VendorAdapter } from '../../src/adapter/index.ts'
import { plainDocs } from './docs.ts'
import * as customer from './events/customer-events.ts'
import * as fields from './events/thread-fields.ts'
import * as lifecycle from './events/thread-lifecycle.ts'
import * as messages from './events/thread-messages.ts'
import * as sla from './events/thread-sla.ts'
import * as tenant from './events/thread-tenant.ts'
import { identifyPlain } from './identify.ts'
import { plainSettings, type PlainSettings } from './settings.ts'
import { createPlainVerifier, PLAIN_SIGNATURE_HEADER, plainSigner } from './verify.ts'

/**
 * Plain (plain.com). Dispatch is on `payload.eventType`; every webhook version from unversioned to
 * 2026-04-21 is read by the same tolerant schemas, plus the legacy `customer_status_transitioned`.
 *
 * @see https://www.plain.com/docs/webhooks
 */
export const plain = {
  vendor: 'plain',
  // One route; the body names its workspace (the tenant).
  tenancy: 'body',
  settings: plainSettings,
  signer: plainSigner,
  createVerifier: createPlainVerifier,
  keepsHeader: (name: string) => name === PLAIN_SIGNATURE_HEADER || name.startsWith('plain-'),
  identify: identifyPlain,
  events: {
    'thread.thread_created': lifecycle.threadCreated,
    'thread.thread_status_transitioned': lifecycle.threadStatusTransitioned,
    'thread.thread_assignment_transitioned': lifecycle.threadAssignmentTransitioned,
    'thread.thread_labels_changed': lifecycle.threadLabelsChanged,
    'thread.thread_priority_changed': lifecycle.threadPriorityChanged,
    'thread.thread_field_created': fields.threadFieldCreated,
    'thread.thread_field_updated': fields.threadFieldUpdated,
    'thread.thread_field_deleted': fields.threadFieldDeleted,
    'thread.note_created': messages.noteCreated,
    'thread.email_received': messages.emailReceived,
    'thread.email_sent': messages.emailSent,
    'thread.chat_received': messages.chatReceived,
    'thread.chat_sent': messages.chatSent,
    'thread.slack_message_received': messages.slackMessageReceived,
    'thread.slack_message_sent': messages.slackMessageSent,
    'thread.slack_message_updated': messages.slackMessageUpdated,
    'thread.discord_message_received': messages.discordMessageReceived,
    'thread.discord_message_sent': messages.discordMessageSent,
    'thread.discord_message_updated': messages.discordMessageUpdated,
    'thread.ms_teams_message_received': messages.msTeamsMessageReceived,
    'thread.ms_teams_message_sent': messages.msTeamsMessageSent,
    'thread.service_level_agreement_status_transitioned': sla.slaStatusTransitioned,
    'thread.thread_tenant_updated': tenant.threadTenantUpdated,
    'customer.customer_created': customer.customerCreated,
    'customer.customer_updated': customer.customerUpdated,
    'customer.customer_deleted': customer.customerDeleted,
    'customer.customer_changed': customer.customerChanged,
    'customer.customer_status_transitioned': customer.customerStatusTransitioned,
    'customer.customer_group_memberships_changed': customer.customerGroupMembershipsChanged,
  },
  ignored: {
    // The contract acknowledges these without publishing: the specific events already carry them.
    'customer.customer_group_changed':
      'group definitions are not conversation-lifecycle events; membership changes arrive as customer.customer_group_memberships_changed',
    'timeline.timeline_entry_changed':
      'timeline entries duplicate the specific message, note and status events',
  },
  docs: plainDocs,
} satisfies VendorAdapter<PlainSettings>
