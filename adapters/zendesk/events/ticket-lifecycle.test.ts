import { describe, expect, it } from 'vitest'
import { dataOf } from '../test-support.ts'

describe('zendesk ticket.created', () => {
  it('maps the docs example: ids scoped by account, the snapshot as the conversation', () => {
    expect(dataOf('ticket.created')).toMatchObject({
      conversation: {
        id: 'zendesk:22129848:5158',
        status: 'open',
        priority: 'low',
        channel: 'api',
        labels: ['ticket-info-test-tag'],
        customer: { id: 'zendesk:22129848:8447388090494' },
      },
      // The actor is also the assignee, so an agent.
      actor: { id: 'zendesk:22129848:8447388090494', kind: 'agent' },
    })
  })

  it('reads null tags as no labels and a null priority as null', () => {
    expect(
      dataOf('ticket.created', { 'detail.tags': null, 'detail.priority': null })
    ).toMatchObject({ conversation: { labels: [], priority: null } })
  })
})

describe('zendesk ticket.status_changed', () => {
  it.each([
    ['ticket.status_changed--open-to-pending', 'open', 'pending', 'OPEN', 'PENDING'],
    ['ticket.status_changed--pending-to-hold', 'pending', 'pending', 'PENDING', 'HOLD'],
    ['ticket.status_changed--hold-to-solved', 'pending', 'closed', 'HOLD', 'SOLVED'],
    ['ticket.status_changed--solved-to-closed', 'closed', 'closed', 'SOLVED', 'CLOSED'],
  ])('%s: %s → %s, raw values kept', (name, from, to, vendorFrom, vendorTo) => {
    expect(dataOf(name)).toMatchObject({
      conversation: { vendorStatus: vendorTo },
      change: { from, to, vendorFrom, vendorTo },
    })
  })

  it('names closedBy only when the ticket is now closed', () => {
    expect(dataOf('ticket.status_changed--open-to-pending')).not.toHaveProperty('change.closedBy')
    expect(dataOf('ticket.status_changed--hold-to-solved')).toMatchObject({
      change: { closedBy: { id: 'zendesk:24681357:21504417790177', kind: 'agent' } },
    })
    // Zendesk's automatic close after solve: actor -1 (README §9.8).
    expect(dataOf('ticket.status_changed--solved-to-closed')).toMatchObject({
      change: { closedBy: { id: null, kind: 'system', name: null, email: null } },
    })
  })

  it('compares case-insensitively and keeps an unknown status as unknown with its raw value', () => {
    const edits = { 'event.previous': 'open', 'event.current': 'ARCHIVED' }
    expect(dataOf('ticket.status_changed--open-to-pending', edits)).toMatchObject({
      change: { from: 'open', to: 'unknown', vendorTo: 'ARCHIVED' },
    })
  })

  it('says from null when the previous status is not sent, and falls back to the snapshot for to', () => {
    const edits = { 'event.previous': undefined, 'event.current': undefined }
    expect(dataOf('ticket.status_changed--open-to-pending', edits)).toMatchObject({
      change: { from: null, to: 'pending', vendorTo: 'PENDING' },
    })
  })
})

describe('zendesk ticket.agent_assignment_changed', () => {
  it('assigns an agent party by id, from nobody', () => {
    expect(dataOf('ticket.agent_assignment_changed--assign')).toMatchObject({
      change: {
        from: null,
        to: { id: 'zendesk:24681357:21504417790211', kind: 'agent', name: null, email: null },
      },
    })
  })

  it('unassigns to null', () => {
    expect(dataOf('ticket.agent_assignment_changed--unassign')).toMatchObject({
      change: { from: { id: 'zendesk:24681357:21504417790177', kind: 'agent' }, to: null },
    })
  })

  it('accepts numeric ids, as the EventBridge twin sends them', () => {
    const edits = { 'event.previous': 21504417790177, 'event.current': 21504417790211 }
    expect(dataOf('ticket.agent_assignment_changed--assign', edits)).toMatchObject({
      change: {
        from: { id: 'zendesk:24681357:21504417790177' },
        to: { id: 'zendesk:24681357:21504417790211' },
      },
    })
  })
})

describe('zendesk ticket.priority_changed', () => {
  it('maps NORMAL → URGENT, and a removed priority to null', () => {
    expect(dataOf('ticket.priority_changed')).toMatchObject({
      change: { from: 'normal', to: 'urgent' },
    })
    expect(dataOf('ticket.priority_changed', { 'event.current': null })).toMatchObject({
      change: { from: 'normal', to: null },
    })
  })
})

describe('zendesk ticket.tags_changed', () => {
  it('reads the {added: {tags}, removed: {tags}} shape', () => {
    expect(dataOf('ticket.tags_changed')).toMatchObject({
      change: { added: ['regression', 'vip'], removed: ['login'] },
    })
  })

  it('reads bare added / removed lists, each de-duplicated', () => {
    const edits = { event: { added: ['vip', 'vip'], removed: [] } }
    expect(dataOf('ticket.tags_changed', edits)).toMatchObject({
      change: { added: ['vip'], removed: [] },
    })
  })

  it('reads current / previous lists as a set difference', () => {
    const edits = {
      event: { current: ['android', 'regression', 'vip'], previous: ['android', 'login'] },
    }
    expect(dataOf('ticket.tags_changed', edits)).toMatchObject({
      change: { added: ['regression', 'vip'], removed: ['login'] },
    })
  })
})
