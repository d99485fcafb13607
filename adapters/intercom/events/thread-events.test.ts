import { describe, expect, it } from 'vitest'
import { changeOf, mapOne, read, rejection, withItem } from '../test-support.ts'

type Item = Record<string, unknown>
const parts = (item: Item) =>
  (item['conversation_parts'] as { conversation_parts: Item[] }).conversation_parts
const ticketOf = (item: Item) => item['ticket'] as Item
const historyOf = (ticket: Item) =>
  (ticket['ticket_parts'] as { ticket_parts: Item[] }).ticket_parts

describe('intercom ids', () => {
  it('names conversations, contacts, admins and parts intercom:<app_id>:<id>', () => {
    const event = mapOne(read('conversation.admin.replied--api2'))
    expect(event.subject).toBe('intercom:wk7s2a9d:215473001184220')
    expect(event.source).toBe('/intercom/wk7s2a9d')
    expect(event.data.conversation?.customer?.id).toBe('intercom:wk7s2a9d:6981c0ffee0a1b2c3d4e5f60')
    expect(event.data.conversation?.assignee?.id).toBe('intercom:wk7s2a9d:7412589')
    expect(changeOf(event)['message']).toMatchObject({ id: 'intercom:wk7s2a9d:37410020011' })
  })

  it('names a ticket by its id, not the ticket_id people see', () => {
    const event = mapOne(read('ticket.created'))
    expect(event.subject).toBe('intercom:abc123def:215472629311235')
    expect(event.data.conversation?.vendorId).toBe('215472629311235')
  })

  it('reads an integer admin id (2.x conversations) like a string one (tickets, parts)', () => {
    const asString = mapOne(
      withItem(
        'conversation.admin.replied--api2',
        (item) => (item['admin_assignee_id'] = '7412589')
      )
    )
    expect(mapOne(read('conversation.admin.replied--api2'))).toEqual(asString)
  })

  it('names a team intercom:<app_id>:team:<id>, a party of kind unknown', () => {
    const event = mapOne(
      withItem('conversation.admin.assigned--unassigned', (item) => {
        item['team_assignee_id'] = 5500123
      })
    )
    expect(event.data.conversation?.assignee).toEqual({
      id: 'intercom:wk7s2a9d:team:5500123',
      kind: 'unknown',
      name: null,
      email: null,
    })
  })

  it('reads a 1.x team assignee as the team', () => {
    const event = mapOne(
      withItem('conversation.admin.noted', (item) => {
        item['assignee'] = { type: 'team', id: '814', name: 'Billing' }
      })
    )
    expect(event.data.conversation?.assignee).toEqual({
      id: 'intercom:i6wc9ipe:team:814',
      kind: 'unknown',
      name: 'Billing',
      email: null,
    })
  })
})

describe('intercom nobody', () => {
  it.each([
    {
      case: '2.x admin_assignee_id null',
      name: 'conversation.user.created--api2',
      set: (i: Item) => (i['admin_assignee_id'] = null),
    },
    {
      case: '2.x admin_assignee_id 0',
      name: 'conversation.user.created--api2',
      set: (i: Item) => (i['admin_assignee_id'] = 0),
    },
    {
      case: 'ticket admin_assignee_id "0"',
      name: 'ticket.created',
      set: (i: Item) => (i['admin_assignee_id'] = '0'),
    },
    {
      case: '1.x nobody_admin',
      name: 'conversation.user.created--api1',
      set: (i: Item) => (i['assignee'] = { type: 'nobody_admin', id: null }),
    },
  ])('reads $case as no assignee', ({ name, set }) => {
    expect(mapOne(withItem(name, set)).data.conversation?.assignee).toBeNull()
  })

  it('reads assigned_to nobody_admin as an assignment to nobody', () => {
    const event = mapOne(read('conversation.admin.assigned--unassigned'))
    expect(changeOf(event)).toEqual({ from: null, to: null })
  })

  it('assigns to what the part assigned_to names, and to the item assignee without one', () => {
    expect(changeOf(mapOne(read('conversation.admin.assigned--team')))['to']).toMatchObject({
      id: 'intercom:wk7s2a9d:team:5500123',
    })
    const withoutPart = withItem('conversation.admin.assigned--team', (item) => {
      parts(item)[0]!['assigned_to'] = null
    })
    expect(changeOf(mapOne(withoutPart))['to']).toMatchObject({
      id: 'intercom:wk7s2a9d:7412589',
      kind: 'agent',
    })
  })

  it('assigns ticket.team.assigned to the team when no part says', () => {
    const body = withItem('ticket.team.assigned', (item) => delete item['ticket_part'])
    expect(changeOf(mapOne(body))['to']).toMatchObject({ id: 'intercom:wk7s2a9d:team:5500123' })
  })
})

describe('intercom event time', () => {
  it("is the newest part's updated_at (a tag re-sends an older message)", () => {
    const event = mapOne(read('conversation_part.tag.created'))
    expect(event.time).toBe('2019-03-23T22:05:44.000Z') // part updated_at, not created_at
  })

  it('is the envelope created_at when the item has no part', () => {
    const event = mapOne(read('conversation.user.created--api1'))
    expect(event.time).toBe('2019-03-22T21:29:58.000Z')
    const noParts = withItem('conversation.admin.closed--api2', (item) => {
      parts(item).length = 0
    })
    expect(mapOne(noParts).time).toBe('2026-02-03T09:01:00.000Z')
  })

  it("is the newest part of a ticket's whole history or its ticket_part", () => {
    const body = withItem('ticket.contact.replied', (item) => {
      historyOf(ticketOf(item))[0]!['updated_at'] = 1768117600
    })
    expect(mapOne(body).time).toBe('2026-01-11T07:46:40.000Z')
  })

  it('is not moved by a redelivery (delivery_attempts, delivered_at)', () => {
    const body = read('conversation.admin.replied--api1')
    const again = {
      ...body,
      delivery_attempts: 2,
      delivered_at: 1553291172,
      created_at: 1553291112,
    }
    expect(mapOne(again)).toEqual(mapOne(body))
  })

  it('rejects an envelope without a usable created_at as invalid_payload', () => {
    expect(rejection({ ...read('conversation.user.created--api1'), created_at: 'soon' })).toBe(
      'invalid_payload'
    )
  })
})

describe('intercom status changes', () => {
  it.each([
    { name: 'conversation.admin.closed--api1', to: 'closed' },
    { name: 'conversation.admin.opened', to: 'open' },
    { name: 'conversation.admin.snoozed--api1', to: 'snoozed' },
    { name: 'conversation.admin.unsnoozed', to: 'open' },
    { name: 'ticket.state.updated', to: 'open' },
    { name: 'ticket.closed', to: 'closed' },
    { name: 'ticket.resolved', to: 'closed' },
  ])('maps $name to $to with from null (Intercom never says)', ({ name, to }) => {
    const change = changeOf(mapOne(read(name)))
    expect(change).toMatchObject({ from: null, to, vendorFrom: null })
  })

  it('derives status from state, never from open (true while snoozed)', () => {
    const event = mapOne(read('conversation.admin.snoozed--api1'))
    expect(event.data.conversation).toMatchObject({ status: 'snoozed', vendorStatus: 'snoozed' })
    expect(changeOf(event)['snoozedUntil']).toBe('2019-03-25T11:30:00.000Z')
  })

  it('keeps an unknown state raw beside status unknown', () => {
    const event = mapOne(
      withItem('conversation.admin.opened', (item) => (item['state'] = 'paused'))
    )
    expect(event.data.conversation).toMatchObject({ status: 'unknown', vendorStatus: 'paused' })
    expect(changeOf(event)).toMatchObject({ to: 'open', vendorTo: 'paused' })
  })

  it('reads waiting_on_customer as pending, keeping the category and the label', () => {
    const event = mapOne(read('ticket.admin.replied'))
    expect(event.data.conversation).toMatchObject({
      status: 'pending',
      vendorStatus: 'waiting_on_customer',
      statusDetail: 'Waiting on customer',
    })
  })

  it('reads a ticket_state sent as a bare category (older API versions)', () => {
    const body = withItem('ticket.state.updated', (item) => (item['ticket_state'] = 'resolved'))
    const event = mapOne(body)
    expect(event.data.conversation).toMatchObject({ status: 'closed', vendorStatus: 'resolved' })
    expect(changeOf(event)).toMatchObject({ to: 'closed', vendorTo: 'resolved' })
  })

  it('names the closer of a conversation and of a ticket', () => {
    const agent = { kind: 'agent', id: 'intercom:abc123def:9608799' }
    expect(changeOf(mapOne(read('ticket.closed')))['closedBy']).toMatchObject(agent)
    expect(changeOf(mapOne(read('conversation.admin.closed--api2')))['closedBy']).toMatchObject({
      kind: 'agent',
      id: 'intercom:wk7s2a9d:7412589',
    })
  })

  it('maps ticket.closed alike whether the ticket is flat at data.item or nested under it', () => {
    const nested = read('ticket.closed--nested')
    const flat = { ...nested, data: { item: ticketOf(nested.data.item) } }
    const fromNested = mapOne(nested)
    const fromFlat = mapOne(flat)
    expect(fromFlat.subject).toBe(fromNested.subject)
    expect(fromFlat.data.conversation).toEqual(fromNested.data.conversation)
    expect(changeOf(fromFlat)).toEqual(changeOf(fromNested))
  })
})

describe('intercom priority and rating', () => {
  it('maps priority to high and not_priority to normal, from null', () => {
    expect(changeOf(mapOne(read('conversation.priority.updated')))).toEqual({
      from: null,
      to: 'high',
    })
    const normal = withItem(
      'conversation.priority.updated',
      (item) => (item['priority'] = 'not_priority')
    )
    expect(changeOf(mapOne(normal))).toEqual({ from: null, to: 'normal' })
  })

  it.each([
    { rating: 1, score: 1 },
    { rating: 3, score: 2 },
    { rating: 5, score: 3 },
    { rating: '4', score: 3 },
    { rating: 7, score: null },
  ])('rates $rating of 5 as $score of 3, the raw value kept', ({ rating, score }) => {
    const body = withItem('conversation.rating.added', (item) => {
      ;(item['conversation_rating'] as Item)['rating'] = rating
    })
    expect(changeOf(mapOne(body))).toEqual({
      rating: { vendorValue: String(rating), score, scale: 3 },
    })
  })

  it.each([
    { case: 'null (2.x unrated)', rating: null },
    { case: '{} (1.x unrated)', rating: {} },
  ])('rejects a rating topic whose conversation_rating is $case', ({ rating }) => {
    const body = withItem(
      'conversation.rating.added',
      (item) => (item['conversation_rating'] = rating)
    )
    expect(rejection(body)).toBe('invalid_payload')
  })
})
