import { describe, expect, it } from 'vitest'
import { PayloadError } from '../../src/adapter/index.ts'
import { identifyHelpCrunch } from './identify.ts'

const CONTEXT = { tenant: 'acme' }

describe('helpcrunch identifyHelpCrunch', () => {
  it('reads event type and id from the body and the tenant from the context', () => {
    expect(
      identifyHelpCrunch(
        { event: 'chat.new', id: '252041ed-62a7', eventData: {}, attempts: 0 },
        CONTEXT
      )
    ).toEqual({
      vendor: 'helpcrunch',
      eventType: 'chat.new',
      eventId: '252041ed-62a7',
      tenant: 'acme',
    })
  })

  it('stringifies a numeric id', () => {
    expect(identifyHelpCrunch({ event: 'chat.new', id: 42, eventData: {} }, CONTEXT).eventId).toBe(
      '42'
    )
  })

  it('identifies event types it does not map (the pipeline decides what to do with them)', () => {
    expect(
      identifyHelpCrunch({ event: 'agent.new', id: 'x', eventData: {} }, CONTEXT).eventType
    ).toBe('agent.new')
  })

  it('leaves a present but unusable eventData to the event schema', () => {
    expect(
      identifyHelpCrunch({ event: 'chat.new', id: 'x', eventData: null }, CONTEXT).eventId
    ).toBe('x')
  })

  it.each([
    { case: 'null', body: null },
    { case: 'undefined', body: undefined },
    { case: 'a number', body: 42 },
    { case: 'a string', body: 'chat.new' },
    { case: 'a boolean', body: true },
    { case: 'an empty array', body: [] },
    { case: 'an array holding a webhook', body: [{ event: 'chat.new', id: 'x', eventData: {} }] },
    { case: 'an empty object', body: {} },
    { case: 'no event', body: { id: 'x', eventData: {} } },
    { case: 'an empty event', body: { event: '', id: 'x', eventData: {} } },
    { case: 'a numeric event', body: { event: 1, id: 'x', eventData: {} } },
    { case: 'no id', body: { event: 'chat.new', eventData: {} } },
    { case: 'an empty id', body: { event: 'chat.new', id: '', eventData: {} } },
    { case: 'an object id', body: { event: 'chat.new', id: { uuid: 'x' }, eventData: {} } },
    { case: 'a null id', body: { event: 'chat.new', id: null, eventData: {} } },
    { case: 'no eventData', body: { event: 'chat.new', id: 'x' } },
    { case: 'a Plain webhook', body: { id: 'x', type: 'thread.thread_created', payload: {} } },
  ])('rejects $case with PayloadError (not_a_webhook)', ({ body }) => {
    let thrown: unknown
    try {
      identifyHelpCrunch(body, CONTEXT)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PayloadError)
    expect((thrown as PayloadError).reason).toBe('not_a_webhook')
  })
})
