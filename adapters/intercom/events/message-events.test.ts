import { describe, expect, it } from 'vitest'
import { changeOf, mapOne, read, rejection, withItem } from '../test-support.ts'

type Item = Record<string, unknown>
const messageOf = (name: string) =>
  changeOf(mapOne(read(name)))['message'] as Record<string, unknown>

describe('intercom messages', () => {
  it.each([
    { name: 'conversation.user.replied', direction: 'inbound', channel: 'other', kind: 'customer' },
    {
      name: 'conversation.admin.replied--api1',
      direction: 'outbound',
      channel: 'other',
      kind: 'agent',
    },
    {
      name: 'conversation.admin.replied--api2',
      direction: 'outbound',
      channel: 'chat',
      kind: 'agent',
    },
    { name: 'conversation.operator.replied', direction: 'outbound', channel: 'chat', kind: 'bot' },
    { name: 'conversation.admin.noted', direction: 'internal', channel: 'note', kind: 'agent' },
    { name: 'ticket.contact.replied', direction: 'inbound', channel: 'chat', kind: 'customer' },
    { name: 'ticket.admin.replied', direction: 'outbound', channel: 'chat', kind: 'agent' },
    { name: 'ticket.note.created', direction: 'internal', channel: 'note', kind: 'agent' },
  ])(
    'maps $name to a $direction message on $channel by a $kind',
    ({ name, direction, channel, kind }) => {
      const message = messageOf(name)
      expect(message).toMatchObject({ direction, channel })
      expect(message['author']).toMatchObject({ kind })
    }
  )

  it('gives an operator reply a bot author even when the part says admin', () => {
    const body = withItem('conversation.operator.replied', (item) => {
      const [part] = (item['conversation_parts'] as { conversation_parts: Item[] })
        .conversation_parts
      ;(part!['author'] as Item)['type'] = 'admin'
    })
    expect((changeOf(mapOne(body))['message'] as Item)['author']).toMatchObject({ kind: 'bot' })
  })

  it('reports the part that fired a ticket topic, not the newest of its history', () => {
    expect(messageOf('ticket.note.created')).toMatchObject({
      id: 'intercom:wk7s2a9d:37420000233',
      text: '<p>Reproduced on staging — the exporter uses latin-1. Filed ENG-2291.</p>',
      createdAt: '2026-02-04T10:28:20.000Z',
    })
  })

  it('takes the 1.x reply sent as an assignment part with a body', () => {
    expect(messageOf('conversation.admin.replied--api1')).toMatchObject({
      id: 'intercom:i6wc9ipe:2824382500',
      text: '<p>Hey Eeshan! How can I help?</p>',
    })
  })

  it('rejects a message topic without a part as invalid_payload', () => {
    const body = withItem(
      'conversation.user.replied',
      (item) => (item['conversation_parts'] = null)
    )
    expect(rejection(body)).toBe('invalid_payload')
    const ticket = withItem('ticket.admin.replied', (item) => delete item['ticket_part'])
    expect(rejection(ticket)).toBe('invalid_payload')
  })

  it('maps a redaction to message_updated (deleted), created when written, timed when redacted', () => {
    const event = mapOne(read('conversation_part.redacted'))
    expect(event.type).toBe('conversation.message_updated')
    expect(event.time).toBe('2026-01-10T08:20:04.000Z')
    expect(changeOf(event)).toMatchObject({
      update: 'deleted',
      message: { direction: 'outbound', createdAt: '2026-01-10T08:13:32.000Z' },
    })
  })

  it('reads the direction of a redacted customer message from its author', () => {
    const body = withItem('conversation_part.redacted', (item) => {
      const [part] = (item['conversation_parts'] as { conversation_parts: Item[] })
        .conversation_parts
      part!['author'] = { type: 'lead', id: '696205460674dbb9050aa7fd' }
    })
    expect((changeOf(mapOne(body))['message'] as Item)['direction']).toBe('inbound')
  })
})

describe('intercom labels', () => {
  it('adds the 1.x tags_added', () => {
    expect(changeOf(mapOne(read('conversation_part.tag.created')))).toEqual({
      added: ['developer'],
      removed: [],
    })
  })

  it("adds the 2.x tagged part's tags", () => {
    expect(changeOf(mapOne(read('conversation_part.tag.created--api2')))).toEqual({
      added: ['Feature Request'],
      removed: [],
    })
  })
})
