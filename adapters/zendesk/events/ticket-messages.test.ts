import { describe, expect, it } from 'vitest'
import { dataOf } from '../test-support.ts'

/** The canonical message a fixture maps to, after `edits`. */
const messageOf = (name: string, edits?: Record<string, unknown>) =>
  (dataOf(name, edits) as { change: { message: unknown } }).change.message

describe('zendesk ticket.comment_added', () => {
  it.each([
    ['private-by-agent', 'internal', 'note', 'agent'],
    // A private comment by an end-user (messaging transcript) is still internal: private wins.
    ['private-by-end-user', 'internal', 'note', 'customer'],
    ['public-by-agent', 'outbound', 'email', 'agent'],
    ['public-by-requester', 'inbound', 'email', 'customer'],
  ])('%s → %s in channel %s, author %s', (variant, direction, channel, kind) => {
    expect(messageOf(`ticket.comment_added--${variant}`)).toMatchObject({
      direction,
      channel,
      author: { kind },
    })
  })

  it('uses the comment id, the plain body and the event time; the author is the actor', () => {
    const author = { id: 'zendesk:24681357:21504417790093', name: 'Priya Natarajan' }
    expect(dataOf('ticket.comment_added--public-by-requester')).toMatchObject({
      actor: author,
      change: {
        message: {
          id: 'zendesk:24681357:21504417850301',
          text: 'It happened again at 10:25 — screenshot attached. App version 8.14.2.',
          createdAt: '2026-02-10T10:31:08.604Z',
          author,
        },
      },
    })
  })

  it('treats a public comment by a non-staff author other than the requester as inbound', () => {
    const edits = { 'event.comment.author.id': '21504417799999' }
    expect(messageOf('ticket.comment_added--public-by-requester', edits)).toMatchObject({
      direction: 'inbound',
      author: { kind: 'customer' },
    })
  })

  it.each([
    ['the requester', '21504417790093', 'inbound', 'customer'],
    ['someone else', '21504417790177', 'outbound', 'agent'],
  ])('without is_staff, a public comment by %s is %s', (_who, authorId, direction, kind) => {
    const edits = {
      'event.comment.author.is_staff': undefined,
      'event.comment.author.id': authorId,
    }
    expect(messageOf('ticket.comment_added--public-by-agent', edits)).toMatchObject({
      direction,
      author: { kind },
    })
  })

  it('keeps a comment without is_public internal, so nothing private is published as a reply', () => {
    const edits = { 'event.comment.is_public': undefined }
    expect(messageOf('ticket.comment_added--public-by-agent', edits)).toMatchObject({
      direction: 'internal',
      channel: 'note',
    })
  })
})

describe('zendesk messaging_ticket.message_added', () => {
  it('maps the answer bot (type system) to an outbound chat message by a bot', () => {
    expect(dataOf('messaging_ticket.message_added')).toMatchObject({
      conversation: { id: 'zendesk:21825834:141', status: 'unknown', channel: 'chat' },
      change: {
        message: {
          id: 'zendesk:21825834:67ab5f55155becd183e284cb',
          direction: 'outbound',
          channel: 'chat',
          text: 'Hi there. How can I help you today?',
          author: { id: 'zendesk:21825834:zd:answerBot', kind: 'bot' },
        },
      },
    })
  })

  it.each([
    ['end_user', 'inbound', 'customer'],
    ['agent', 'outbound', 'agent'],
    ['trigger', 'outbound', 'system'],
    ['SYSTEM', 'outbound', 'bot'],
    ['robot', 'inbound', 'unknown'],
  ])('actor type %s → %s, author %s', (type, direction, kind) => {
    expect(messageOf('messaging_ticket.message_added', { 'event.actor.type': type })).toMatchObject(
      { direction, author: { kind } }
    )
  })
})
