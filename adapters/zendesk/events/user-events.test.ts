import { describe, expect, it } from 'vitest'
import { PayloadError } from '../../../src/adapter/index.ts'
import { dataOf, run } from '../test-support.ts'

/** The canonical type of the one event a fixture maps to. */
function typeOf(name: string): string {
  const result = run(name)
  return result.status === 'mapped' ? (result.events[0]?.type ?? 'none') : result.status
}

describe('zendesk user events', () => {
  it('maps an end-user created to customer.created, scoped by account', () => {
    expect(typeOf('user.created')).toBe('customer.created')
    expect(dataOf('user.created')).toEqual({
      customer: {
        id: 'zendesk:24681357:21504417790342',
        vendorId: '21504417790342',
        email: 'tomasz.wrobel@kettle-and-crumb.example',
        name: null,
        externalId: null,
        status: null,
        groups: [],
        subscribed: null,
        blocked: null,
        createdAt: '2026-02-12T07:58:40.000Z',
        updatedAt: '2026-02-12T07:58:40.000Z',
      },
      actor: null,
      change: { fields: [] },
    })
  })

  it('acknowledges a user.created of an agent as ignored, publishing nothing', () => {
    expect(run('user.created--agent')).toMatchObject({
      status: 'ignored',
      meta: { eventType: 'user.created' },
      reason: expect.stringMatching(/not customers/) as string,
    })
  })

  it('ignores any other user event of an admin too', () => {
    expect(run('user.name_changed', { 'detail.role': 'admin' }).status).toBe('ignored')
  })

  it('dead-letters a user event without a role: it is not known to be a customer', () => {
    let thrown: unknown
    try {
      run('user.created', { 'detail.role': undefined })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PayloadError)
    expect((thrown as PayloadError).reason).toBe('invalid_payload')
  })

  it('maps user.deleted of an end-user to customer.deleted', () => {
    expect(typeOf('user.deleted')).toBe('customer.deleted')
  })

  it('names the new name on user.name_changed (the snapshot has none)', () => {
    expect(typeOf('user.name_changed')).toBe('customer.updated')
    expect(dataOf('user.name_changed')).toMatchObject({
      customer: { name: 'Priya Natarajan-Iyer' },
      change: { fields: ['name'] },
    })
  })

  it.each([
    [true, true],
    [false, false],
    ['yes', null],
  ])('user.suspended_changed to %j → blocked %j', (current, blocked) => {
    expect(dataOf('user.suspended_changed', { 'event.current': current })).toMatchObject({
      customer: { blocked },
      change: { fields: ['blocked'] },
    })
  })

  it('names externalId on user.external_id_changed and nothing on changes outside the model', () => {
    expect(dataOf('user.external_id_changed')).toMatchObject({ change: { fields: ['externalId'] } })
    expect(dataOf('user.active_changed')).toMatchObject({ change: { fields: [] } })
    expect(dataOf('user.tags_changed')).toMatchObject({ change: { fields: [] } })
  })

  it('reads the docs example: year 2099 placeholders and "" as no external id', () => {
    expect(dataOf('user.active_changed')).toMatchObject({
      customer: {
        id: 'zendesk:12514403:6596848315901',
        externalId: null,
        updatedAt: '2099-07-04T05:33:18.000Z',
      },
    })
  })
})
