/**
 * A test-only vendor, "acme": its own HMAC header, a body that names its tenant, one mapped event.
 * It lives here, not in `adapters/`, and is registered only in a test registry: it proves that a
 * vendor is one object plus one registry line, with no edit to `src/`.
 */
import { createHmac } from 'node:crypto'
import * as v from 'valibot'
import type { VendorAdapter } from '../../src/adapter/contract.ts'
import { defineEvent } from '../../src/adapter/define-event.ts'
import { conversationDraft } from '../../src/canonical/index.ts'
import { secretsSetting, settingsFrom } from '../../src/config/vendor-settings.ts'
import { canonicalId } from '../../src/envelope.ts'
import { PayloadError } from '../../src/errors.ts'
import { verifyHmac } from '../../src/signature/hmac.ts'

const SIGNATURE = {
  vendor: 'acme',
  header: 'acme-signature',
  algorithm: 'sha256',
} as const

const Envelope = v.object({ id: v.string(), event: v.string(), tenant: v.string() })
const Opened = v.object({
  at: v.pipe(v.string(), v.isoTimestamp()),
  ticket: v.object({ id: v.string(), subject: v.nullable(v.string()) }),
})

export const acme = {
  vendor: 'acme',
  tenancy: 'body',
  settings: {
    variables: [
      { name: 'ACME_SECRETS', secret: true, meaning: 'Acme signing secrets.' },
      { name: 'ACME_SECRETS_FILE', meaning: 'File of Acme signing secrets.' },
    ],
    parse(env, readFile) {
      const secrets = settingsFrom(secretsSetting('ACME_SECRETS', readFile), env)
      return secrets.ok ? { ok: true, accounts: { default: { secrets: secrets.value } } } : secrets
    },
  },
  createVerifier: ({ secrets }: { readonly secrets: readonly string[] }) => ({
    verifySignature: (request) => {
      verifyHmac(SIGNATURE, request.body, request.headers[SIGNATURE.header], secrets)
    },
  }),
  keepsHeader: (name: string) => name.startsWith('acme-'),
  identify(body) {
    const parsed = v.safeParse(Envelope, body)
    if (!parsed.success) throw new PayloadError('acme', 'not_a_webhook', 'not an acme webhook')
    const { id, event, tenant } = parsed.output
    return { vendor: 'acme', eventType: event, eventId: id, tenant }
  },
  events: {
    'ticket.opened': defineEvent(Opened, (payload, meta) => [
      conversationDraft(
        'conversation.created',
        payload.at,
        {
          id: canonicalId(meta, payload.ticket.id),
          vendorId: payload.ticket.id,
          title: payload.ticket.subject,
          status: 'open',
          vendorStatus: null,
          statusDetail: null,
          priority: null,
          channel: null,
          assignee: null,
          labels: [],
          customer: null,
          createdAt: payload.at,
          updatedAt: payload.at,
        },
        null,
        {}
      ),
    ]),
  },
  ignored: {},
  docs: {
    title: 'Acme (test only)',
    reference: 'test/helpers/acme-vendor.ts',
    fieldMapping: 'A ticket is a conversation.',
    events: { 'ticket.opened': { produces: ['conversation.created'], notes: '' } },
  },
} satisfies VendorAdapter<{ readonly secrets: readonly string[] }>

/** Signs like acme does: hex HMAC-SHA256 of the raw body in `acme-signature`. */
export const signAcme = (body: Uint8Array, secret: string) => ({
  'acme-signature': createHmac('sha256', secret).update(body).digest('hex'),
})
