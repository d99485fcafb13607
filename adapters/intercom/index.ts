import type { VendorAdapter } from '../../src/adapter/index.ts'
import { intercomDocs } from './docs.ts'
import { contactTopics } from './events/contact-topics.ts'
import { conversationTopics } from './events/conversation-topics.ts'
import { ticketTopics } from './events/ticket-topics.ts'
import { identifyIntercom } from './identify.ts'
import { intercomIgnored, intercomIgnoredFamilies } from './ignored.ts'
import { intercomSettings, type IntercomSettings } from './settings.ts'
import { createIntercomVerifier, INTERCOM_SIGNATURE_HEADER, intercomSigner } from './verify.ts'

/**
 * Intercom: HMAC-SHA1 signed (`X-Hub-Signature`), topic and id in the body, one route for every
 * workspace that installed the app (tenant = `app_id`). Conversation, ticket and contact topics
 * map; every other topic the README catalogues is ignored with a reason.
 *
 * @see https://developers.intercom.com/docs/references/preview/webhooks/webhook-models
 */
export const intercom = {
  vendor: 'intercom',
  // One route; the body names its workspace (the tenant).
  tenancy: 'body',
  settings: intercomSettings,
  signer: intercomSigner,
  createVerifier: createIntercomVerifier,
  keepsHeader: (name: string) =>
    name === INTERCOM_SIGNATURE_HEADER || name.startsWith('x-intercom-'),
  identify: identifyIntercom,
  events: { ...conversationTopics, ...ticketTopics, ...contactTopics },
  ignored: intercomIgnored,
  ignoredFamilies: intercomIgnoredFamilies,
  docs: intercomDocs,
} satisfies VendorAdapter<IntercomSettings>
