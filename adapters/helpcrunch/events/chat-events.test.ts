import { describe, expect, it } from 'vitest'
import { PayloadError, normalize, type CanonicalEvent } from '../../../src/adapter/index.ts'
import { fixtureBody } from '../../../test/helpers/fixtures.ts'
import { helpcrunch } from '../index.ts'

type Body = Record<string, unknown> & { eventData: Record<string, unknown> }

const read = (name: string) => fixtureBody('helpcrunch', name) as Body

/** `name`'s fixture body with `eventData` changed by `edit`. */
const withData = (name: string, edit: (data: Record<string, unknown>) => void): Body => {
  const body = read(name)
  edit(body.eventData)
  return body
}

/** The one event a body maps to; fails the test when it does not map to exactly one. */
function mapOne(body: unknown): CanonicalEvent {
  const result = normalize(helpcrunch, { body: JSON.stringify(body), tenant: 'default' })
  if (result.status !== 'mapped') throw new Error(`expected mapped, got ${result.status}`)
  expect(result.events).toHaveLength(1)
  return result.events[0]!
}

/** The `PayloadError` reason a body is rejected with. */
function rejection(body: unknown): string {
  try {
    normalize(helpcrunch, { body: JSON.stringify(body), tenant: 'default' })
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError)
    return (error as PayloadError).reason
  }
  throw new Error('expected a PayloadError, the body mapped')
}

const CUSTOMER_PARTY = {
  id: 'helpcrunch:default:8745474',
  kind: 'customer',
  name: 'Paul',
  email: 'paul.hunter@example.com',
}
const ANONYMOUS = { id: null, name: null, email: null }

describe('helpcrunch chat.closed', () => {
  it.each([
    { closedBy: 'customer', party: CUSTOMER_PARTY },
    { closedBy: 'Customer', party: CUSTOMER_PARTY },
    { closedBy: 'agent', party: { ...ANONYMOUS, kind: 'agent' } },
    { closedBy: 'bot', party: { ...ANONYMOUS, kind: 'unknown' } },
    { closedBy: null, party: null },
  ])('reads closedBy $closedBy as the closer and the actor', ({ closedBy, party }) => {
    const event = mapOne(withData('chat.closed', (data) => (data['closedBy'] = closedBy)))
    expect(event.type).toBe('conversation.status_changed')
    expect(event.data.actor).toEqual(party)
    expect(event.data.change).toEqual({
      from: null,
      to: 'closed',
      vendorFrom: null,
      vendorTo: 'closed',
      closedBy: party,
    })
  })

  it('has a null closer when closedBy is absent', () => {
    const event = mapOne(withData('chat.closed', (data) => delete data['closedBy']))
    expect(event.data.change).toMatchObject({ closedBy: null })
  })

  it('names an anonymous customer when the customer closed a chat without customer info', () => {
    const event = mapOne(
      withData('chat.closed', (data) => {
        data['closedBy'] = 'customer'
        data['customer'] = null
      })
    )
    expect(event.data.actor).toEqual({ ...ANONYMOUS, kind: 'customer' })
  })

  it('reports the implied status even when eventData.status disagrees, keeping the raw value', () => {
    const event = mapOne(withData('chat.closed', (data) => (data['status'] = 'open')))
    expect(event.type === 'conversation.status_changed' && event.data.conversation).toMatchObject({
      status: 'closed',
      vendorStatus: 'open',
    })
    expect(event.data.change).toMatchObject({ to: 'closed', vendorTo: 'open' })
  })
})

describe('helpcrunch chat status events', () => {
  it('keeps an unknown or numeric status raw beside unknown', () => {
    const event = mapOne(withData('chat.status_updated', (data) => (data['status'] = 2)))
    expect(event.data.change).toEqual({
      from: null,
      to: 'unknown',
      vendorFrom: null,
      vendorTo: '2',
    })
  })

  it('maps an absent status to unknown with no raw value', () => {
    const event = mapOne(withData('chat.status_updated', (data) => delete data['status']))
    expect(event.data.change).toEqual({
      from: null,
      to: 'unknown',
      vendorFrom: null,
      vendorTo: null,
    })
  })

  it('carries snoozedUntil on chat.snoozed, null when it is absent or unusable', () => {
    expect(mapOne(read('chat.snoozed')).data.change).toMatchObject({
      to: 'snoozed',
      snoozedUntil: '2020-11-23T18:21:54.000Z',
    })
    for (const snoozedUntil of [null, 'later', undefined]) {
      const event = mapOne(
        withData('chat.snoozed', (data) => (data['snoozedUntil'] = snoozedUntil))
      )
      expect(event.data.change).toMatchObject({ to: 'snoozed', snoozedUntil: null })
    }
  })

  it('reopens on chat.unsnoozed and clears snoozedUntil', () => {
    const event = mapOne(read('chat.unsnoozed'))
    expect(event.data.change).toEqual({
      from: null,
      to: 'open',
      vendorFrom: null,
      vendorTo: 'pending',
      snoozedUntil: null,
    })
  })
})

describe('helpcrunch chat.rated', () => {
  it.each([
    ['poor', 1],
    ['AVERAGE', 2],
    ['great', 3],
    ['perfect', null],
  ] as const)('scores %s as %s with the customer as actor', (rating, score) => {
    const event = mapOne(withData('chat.rated', (data) => (data['rating'] = rating)))
    expect(event.data.change).toEqual({ rating: { vendorValue: rating, score, scale: 3 } })
    expect(event.data.actor).toEqual(CUSTOMER_PARTY)
  })

  it.each([
    { case: 'no rating', edit: (data: Record<string, unknown>) => delete data['rating'] },
    { case: 'a null rating', edit: (data: Record<string, unknown>) => (data['rating'] = null) },
  ])('rejects $case as invalid_payload', ({ edit }) => {
    expect(rejection(withData('chat.rated', edit))).toBe('invalid_payload')
  })
})

describe('helpcrunch chat model tolerance', () => {
  it.each([
    { case: 'an array', applications: [743, 42] },
    { case: 'a PHP object', applications: { 0: 743, 1: 42 } },
    { case: 'null', applications: null },
    { case: 'the docs literal as a string', applications: '{743, 42}' },
  ])('accepts applications as $case', ({ applications }) => {
    const event = mapOne(withData('chat.new', (data) => (data['applications'] = applications)))
    expect(event.subject).toBe('helpcrunch:default:5224081')
  })

  it('accepts numeric-string ids', () => {
    const event = mapOne(
      withData('chat.assigned', (data) => {
        data['chat_id'] = '5224081'
        data['assignee'] = { id: '2924', name: 'Sarah', email: null, role: 'owner' }
      })
    )
    expect(event.subject).toBe('helpcrunch:default:5224081')
    expect(event.data.change).toEqual({
      from: null,
      to: { id: 'helpcrunch:default:2924', kind: 'agent', name: 'Sarah', email: null },
    })
  })

  it('prefers chat_id over id', () => {
    const event = mapOne(withData('chat.new', (data) => (data['id'] = 1)))
    expect(event.subject).toBe('helpcrunch:default:5224081')
  })

  it.each([
    {
      case: 'neither chat_id nor id',
      edit: (data: Record<string, unknown>) => delete data['chat_id'],
    },
    {
      case: 'a non-numeric chat_id',
      edit: (data: Record<string, unknown>) => (data['chat_id'] = 'abc'),
    },
    {
      case: 'a fractional chat_id',
      edit: (data: Record<string, unknown>) => (data['chat_id'] = 1.5),
    },
    {
      case: 'a customer without id',
      edit: (data: Record<string, unknown>) => (data['customer'] = { name: 'Paul' }),
    },
  ])('rejects $case as invalid_payload', ({ edit }) => {
    expect(rejection(withData('chat.new', edit))).toBe('invalid_payload')
  })

  it('rejects an event type it does not know as unknown_event_type', () => {
    expect(rejection({ ...read('chat.new'), event: 'chat.department_changed' })).toBe(
      'unknown_event_type'
    )
  })
})
