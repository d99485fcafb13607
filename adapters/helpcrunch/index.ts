import type { VendorAdapter } from '../../src/adapter/index.ts'
import { helpcrunchDocs } from './docs.ts'
import * as chat from './events/chat-events.ts'
import * as customer from './events/customer-events.ts'
import * as message from './events/message-events.ts'
import { identifyHelpCrunch } from './identify.ts'
import { helpcrunchSettings, type HelpCrunchSettings } from './settings.ts'
import {
  createHelpCrunchVerifier,
  HELPCRUNCH_SIGNATURE_HEADER,
  helpcrunchSigner,
} from './verify.ts'

/**
 * HelpCrunch: HMAC-SHA1 signed, event type and id in the body, one account per route (tenant).
 * All 20 documented event types map (the contract ignores none); any other `event` is an
 * `unknown_event_type` payload error.
 *
 * @see https://docs.helpcrunch.com/webhooks/setting-up-webhooks
 */
export const helpcrunch = {
  vendor: 'helpcrunch',
  // The body does not name the account: one route per account, which is the tenant.
  tenancy: 'account',
  settings: helpcrunchSettings,
  signer: helpcrunchSigner,
  createVerifier: createHelpCrunchVerifier,
  keepsHeader: (name: string) =>
    name === HELPCRUNCH_SIGNATURE_HEADER || name.startsWith('x-helpcrunch-'),
  identify: identifyHelpCrunch,
  events: {
    'chat.new': chat.chatNew,
    'chat.status_updated': chat.chatStatusUpdated,
    'chat.assigned': chat.chatAssigned,
    'chat.snoozed': chat.chatSnoozed,
    'chat.unsnoozed': chat.chatUnsnoozed,
    'chat.closed': chat.chatClosed,
    'chat.rated': chat.chatRated,
    'customer.new': customer.customerNew,
    'customer.email_updated': customer.customerEmailUpdated,
    'customer.tags_changed': customer.customerTagsChanged,
    'customer.unsubscribed': customer.customerUnsubscribed,
    'customer.subscribed': customer.customerSubscribed,
    'customer.blocked': customer.customerBlocked,
    'customer.unblocked': customer.customerUnblocked,
    'customer.deleted': customer.customerDeleted,
    'message.chat.customer': message.messageChatCustomer,
    'message.email.customer': message.messageEmailCustomer,
    'message.private': message.messagePrivate,
    'message.chat.agent': message.messageChatAgent,
    'message.email.agent': message.messageEmailAgent,
  },
  ignored: {},
  docs: helpcrunchDocs,
} satisfies VendorAdapter<HelpCrunchSettings>
