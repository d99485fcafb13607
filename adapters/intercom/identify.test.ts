import { describe, expect, it } from 'vitest'
import { PayloadError } from '../../src/adapter/index.ts'
import { identifyIntercom, PING_EVENT_ID } from './identify.ts'

const item = { type: 'conversation', id: '215473001184220' }
const webhook = (fields: Record<string, unknown>) => ({
  type: 'notification_event',
  app_id: 'wk7s2a9d',
  data: { type: 'notification_event_data', item },
  id: 'notif_5a1e7c33-0d42-4f6b-8b19-7e90c2d4a611',
  topic: 'conversation.admin.replied',
  created_at: 1770108412,
  ...fields,
})

describe('intercom identifyIntercom', () => {
  it('reads topic, notification id and app_id (the tenant) from the body', () => {
    expect(identifyIntercom(webhook({}))).toEqual({
      vendor: 'intercom',
      eventType: 'conversation.admin.replied',
      eventId: 'notif_5a1e7c33-0d42-4f6b-8b19-7e90c2d4a611',
      tenant: 'wk7s2a9d',
    })
  })

  it('identifies ping, whose id is null, with a stable event id', () => {
    const ping = webhook({
      topic: 'ping',
      id: null,
      data: { item: { type: 'ping', message: 'x' } },
    })
    expect(identifyIntercom(ping)).toEqual({
      vendor: 'intercom',
      eventType: 'ping',
      eventId: PING_EVENT_ID,
      tenant: 'wk7s2a9d',
    })
    expect(identifyIntercom(webhook({ topic: 'ping', id: undefined })).eventId).toBe('ping')
  })

  it('keeps the id of a ping that has one', () => {
    expect(identifyIntercom(webhook({ topic: 'ping', id: 'notif_1' })).eventId).toBe('notif_1')
  })

  it('identifies topics it does not map (the pipeline decides what to do with them)', () => {
    expect(identifyIntercom(webhook({ topic: 'article.created' })).eventType).toBe(
      'article.created'
    )
  })

  it('leaves the shape of data.item to the topic schema', () => {
    expect(identifyIntercom(webhook({ data: { item: {} } })).eventType).toBe(
      'conversation.admin.replied'
    )
  })

  it.each([
    { case: 'null', body: null },
    { case: 'undefined', body: undefined },
    { case: 'a number', body: 42 },
    { case: 'a string', body: 'ping' },
    { case: 'an array holding a notification', body: [webhook({})] },
    { case: 'an empty object', body: {} },
    { case: 'no topic', body: webhook({ topic: undefined }) },
    { case: 'an empty topic', body: webhook({ topic: '' }) },
    { case: 'a numeric topic', body: webhook({ topic: 7 }) },
    { case: 'no app_id', body: webhook({ app_id: undefined }) },
    { case: 'an empty app_id', body: webhook({ app_id: '' }) },
    { case: 'a numeric app_id', body: webhook({ app_id: 12345 }) },
    { case: 'no data', body: webhook({ data: undefined }) },
    { case: 'data without item', body: webhook({ data: { type: 'notification_event_data' } }) },
    { case: 'a null item', body: webhook({ data: { item: null } }) },
    { case: 'an array item', body: webhook({ data: { item: [item] } }) },
    { case: 'no id (not a ping)', body: webhook({ id: undefined }) },
    { case: 'a null id (not a ping)', body: webhook({ id: null }) },
    { case: 'an empty id', body: webhook({ id: '' }) },
    { case: 'a numeric id', body: webhook({ id: 42 }) },
    { case: 'a ping with an object id', body: webhook({ topic: 'ping', id: {} }) },
    {
      case: 'a HelpCrunch webhook',
      body: { event: 'chat.new', id: 'x', eventData: {}, createdAt: 1 },
    },
  ])('rejects $case with PayloadError (not_a_webhook)', ({ body }) => {
    let thrown: unknown
    try {
      identifyIntercom(body)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PayloadError)
    expect((thrown as PayloadError).reason).toBe('not_a_webhook')
  })
})
