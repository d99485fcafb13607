import { describe, expect, it } from 'vitest'
import { PayloadError } from '../../src/adapter/index.ts'
import { fixtureBody } from '../../test/helpers/fixtures.ts'
import { identifyZendesk } from './identify.ts'

const ENVELOPE = {
  account_id: 24681357,
  id: '6e0f4b1c-2a37-4d8e-9f51-0c7b3a2d9e84',
  type: 'zen:event-type:ticket.status_changed',
  detail: { id: '8817' },
  event: {},
}

// The tenant comes from the body (`tenancy: 'body'`), so the route's context is not read.
const identify = (body: unknown) => identifyZendesk(body)

describe('zendesk identifyZendesk', () => {
  it('reads the type without its prefix, the event id and account_id as the tenant', () => {
    expect(identify(ENVELOPE)).toEqual({
      vendor: 'zendesk',
      eventType: 'ticket.status_changed',
      eventId: '6e0f4b1c-2a37-4d8e-9f51-0c7b3a2d9e84',
      tenant: '24681357',
    })
  })

  it('accepts a numeric event id and a digit-string account_id', () => {
    expect(identify({ ...ENVELOPE, id: 42, account_id: '24681357' })).toMatchObject({
      eventId: '42',
      tenant: '24681357',
    })
  })

  it('identifies the ULID-keyed messaging event of the reference', () => {
    expect(identify(fixtureBody('zendesk', 'messaging_ticket.message_added'))).toMatchObject({
      eventType: 'messaging_ticket.message_added',
      eventId: '01JQMQH83YNAKWSWJ8B1QH2NSC',
      tenant: '21825834',
    })
  })

  it('identifies types it does not map (the pipeline decides what to do with them)', () => {
    expect(identify({ ...ENVELOPE, type: 'zen:event-type:ticket.updated' }).eventType).toBe(
      'ticket.updated'
    )
  })

  it('leaves user events to their mappings, whatever the role', () => {
    for (const role of ['agent', 'end-user', ' ']) {
      const body = { ...ENVELOPE, type: 'zen:event-type:user.created', detail: { id: '1', role } }
      expect(identify(body).eventType).toBe('user.created')
    }
  })

  it.each([
    { case: 'null', body: null },
    { case: 'a number', body: 42 },
    { case: 'a string', body: 'zen:event-type:ticket.created' },
    { case: 'an array holding a webhook', body: [ENVELOPE] },
    { case: 'an empty object', body: {} },
    {
      case: "a trigger webhook's template (no envelope)",
      body: fixtureBody('zendesk', 'not-a-webhook--trigger-template'),
    },
    {
      case: 'a type without the zen:event-type: prefix',
      body: { ...ENVELOPE, type: 'ticket.created' },
    },
    { case: 'a type naming no event', body: { ...ENVELOPE, type: 'zen:event-type:' } },
    { case: 'a numeric type', body: { ...ENVELOPE, type: 7 } },
    { case: 'no id', body: { ...ENVELOPE, id: undefined } },
    { case: 'an empty id', body: { ...ENVELOPE, id: '' } },
    { case: 'a null id', body: { ...ENVELOPE, id: null } },
    { case: 'an object id', body: { ...ENVELOPE, id: { uuid: 'x' } } },
    { case: 'no account_id', body: { ...ENVELOPE, account_id: undefined } },
    { case: 'a negative account_id', body: { ...ENVELOPE, account_id: -1 } },
    { case: 'a fractional account_id', body: { ...ENVELOPE, account_id: 1.5 } },
    { case: 'a non-numeric account_id', body: { ...ENVELOPE, account_id: 'acme' } },
  ])('rejects $case with PayloadError (not_a_webhook)', ({ body }) => {
    let thrown: unknown
    try {
      identify(body)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PayloadError)
    expect((thrown as PayloadError).reason).toBe('not_a_webhook')
  })
})
