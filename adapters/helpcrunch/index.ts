import type { VendorAdapter } from '../types.ts'
import { helpcrunchDocs } from './docs.ts'
import {
  chatAssigned,
  chatClosed,
  chatNew,
  chatRated,
  chatSnoozed,
  chatStatusUpdated,
  chatUnsnoozed,
} from './events/chat-events.ts'
import {
  customerBlocked,
  customerDeleted,
  customerEmailUpdated,
  customerNew,
  customerSubscribed,
  customerTagsChanged,
  customerUnblocked,
  customerUnsubscribed,
} from './events/customer-events.ts'
import {
  messageChatAgent,
  messageChatCustomer,
  messageEmailAgent,
  messageEmailCustomer,
  messagePrivate,
} from './events/message-events.ts'
import { identifyHelpCrunch } from './identify.ts'
import { HELPCRUNCH_SIGNATURE_HEADER, verifyHelpCrunch } from './verify.ts'

/**
 * HelpCrunch: HMAC-SHA1 signed, event type and id in the body, one account per route (tenant).
 * All 20 documented event types map (the contract ignores none); any other `event` is an
 * `unknown_event_type` payload error.
 *
 * @see https://docs.helpcrunch.com/webhooks/setting-up-webhooks
 */
export const helpcrunch = {
  vendor: 'helpcrunch',
  signatureHeader: HELPCRUNCH_SIGNATURE_HEADER,
  headerPrefix: 'x-helpcrunch-',
  verifySignature: verifyHelpCrunch,
  identify: identifyHelpCrunch,
  events: {
    'chat.new': chatNew,
    'chat.status_updated': chatStatusUpdated,
    'chat.assigned': chatAssigned,
    'chat.snoozed': chatSnoozed,
    'chat.unsnoozed': chatUnsnoozed,
    'chat.closed': chatClosed,
    'chat.rated': chatRated,
    'customer.new': customerNew,
    'customer.email_updated': customerEmailUpdated,
    'customer.tags_changed': customerTagsChanged,
    'customer.unsubscribed': customerUnsubscribed,
    'customer.subscribed': customerSubscribed,
    'customer.blocked': customerBlocked,
    'customer.unblocked': customerUnblocked,
    'customer.deleted': customerDeleted,
    'message.chat.customer': messageChatCustomer,
    'message.email.customer': messageEmailCustomer,
    'message.private': messagePrivate,
    'message.chat.agent': messageChatAgent,
    'message.email.agent': messageEmailAgent,
  },
  ignored: {},
  docs: helpcrunchDocs,
} satisfies VendorAdapter
