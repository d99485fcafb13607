import { describe, expect, it } from 'vitest'
import { PayloadError, normalize, type CanonicalEvent } from '../../../src/adapter/index.ts'
import { fixtureBody } from '../../../test/helpers/fixtures.ts'
import { helpcrunch } from '../index.ts'

type Body = Record<string, unknown> & { eventData: Record<string, unknown> }

const read = (name: string) => fixtureBody('helpcrunch', name) as Body

function mapOne(body: unknown, tenant = 'default'): CanonicalEvent {
  const result = normalize(helpcrunch, { body: JSON.stringify(body), tenant })
  if (result.status !== 'mapped') throw new Error(`expected mapped, got ${result.status}`)
  expect(result.events).toHaveLength(1)
  return result.events[0]!
}

/** `customer.email_updated` re-labelled as `event`, with `unsubscribed` set. */
const customerBody = (event: string, unsubscribed: unknown): Body => {
  const body = { ...read('customer.email_updated'), event }
  body.eventData = { ...body.eventData, unsubscribed }
  return body
}

describe('helpcrunch customer events', () => {
  it.each([
    { event: 'customer.new', type: 'customer.created', fields: [] },
    { event: 'customer.deleted', type: 'customer.deleted', fields: [] },
    { event: 'customer.email_updated', type: 'customer.updated', fields: ['email'] },
    { event: 'customer.tags_changed', type: 'customer.updated', fields: ['tags'] },
    { event: 'customer.subscribed', type: 'customer.updated', fields: ['subscribed'] },
    { event: 'customer.unsubscribed', type: 'customer.updated', fields: ['subscribed'] },
    { event: 'customer.blocked', type: 'customer.updated', fields: ['blocked'] },
    { event: 'customer.unblocked', type: 'customer.updated', fields: ['blocked'] },
  ])('maps $event to $type of $fields', ({ event, type, fields }) => {
    const mapped = mapOne(read(event))
    expect(mapped.type).toBe(type)
    expect(mapped.data.change).toEqual({ fields })
    expect(mapped.data.actor).toBeNull()
  })

  it.each([
    { event: 'customer.subscribed', unsubscribed: true, subscribed: true, blocked: null },
    { event: 'customer.unsubscribed', unsubscribed: false, subscribed: false, blocked: null },
    { event: 'customer.blocked', unsubscribed: false, subscribed: true, blocked: true },
    { event: 'customer.unblocked', unsubscribed: true, subscribed: false, blocked: false },
    { event: 'customer.new', unsubscribed: 'no', subscribed: null, blocked: null },
    { event: 'customer.new', unsubscribed: null, subscribed: null, blocked: null },
  ])(
    'derives subscribed $subscribed and blocked $blocked for $event with unsubscribed $unsubscribed',
    ({ event, unsubscribed, subscribed, blocked }) => {
      const mapped = mapOne(customerBody(event, unsubscribed))
      expect(mapped.type.startsWith('customer.') && mapped.data).toMatchObject({
        customer: { subscribed, blocked },
      })
    }
  )

  it('reads subscribed as null when unsubscribed is absent', () => {
    const body = read('customer.new')
    delete body.eventData['unsubscribed']
    expect(mapOne(body).data).toMatchObject({ customer: { subscribed: null } })
  })

  it('keys the customer by tenant, and keeps userId as the external id', () => {
    const mapped = mapOne(read('customer.email_updated'), 'acme')
    expect(mapped.subject).toBe('helpcrunch:acme:8745474')
    expect(mapped.data).toMatchObject({
      customer: {
        id: 'helpcrunch:acme:8745474',
        vendorId: '8745474',
        externalId: 'example_2924',
        email: 'paul.hunter@example.com',
      },
    })
  })

  it.each([
    { case: 'an object', customData: { Plan: 'Enterprise' } },
    { case: 'an empty PHP array', customData: [] },
    { case: 'a property list', customData: [{ property: 'Plan', value: 'Enterprise' }] },
    { case: 'null', customData: null },
  ])('ignores customData as $case', ({ customData }) => {
    const body = read('customer.new')
    body.eventData['customData'] = customData
    expect(mapOne(body).type).toBe('customer.created')
  })

  it('rejects a customer without id as invalid_payload', () => {
    const body = read('customer.deleted')
    delete body.eventData['id']
    let thrown: unknown
    try {
      normalize(helpcrunch, { body: JSON.stringify(body), tenant: 'default' })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PayloadError)
    expect((thrown as PayloadError).reason).toBe('invalid_payload')
  })
})
