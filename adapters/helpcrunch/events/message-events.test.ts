import { describe, expect, it } from 'vitest'
import { PayloadError, normalize, type CanonicalEvent } from '../../../src/adapter/index.ts'
import { fixtureBody } from '../../../test/helpers/fixtures.ts'
import { helpcrunch } from '../index.ts'

type Body = Record<string, unknown> & {
  eventData: Record<string, unknown> & { message: Record<string, unknown> }
}

const read = (name: string) => fixtureBody('helpcrunch', name) as Body

function mapOne(body: unknown): CanonicalEvent {
  const result = normalize(helpcrunch, { body: JSON.stringify(body), tenant: 'default' })
  if (result.status !== 'mapped') throw new Error(`expected mapped, got ${result.status}`)
  expect(result.events).toHaveLength(1)
  return result.events[0]!
}

const SARAH = {
  id: 'helpcrunch:default:2924',
  kind: 'agent',
  name: 'Sarah',
  email: 'sarah@example.com',
}
const PAUL = {
  id: 'helpcrunch:default:8745474',
  kind: 'customer',
  name: 'Paul',
  email: 'paul.hunter@example.com',
}

describe('helpcrunch message events', () => {
  it.each([
    { event: 'message.chat.customer', direction: 'inbound', channel: 'chat', author: PAUL },
    { event: 'message.email.customer', direction: 'inbound', channel: 'email', author: PAUL },
    { event: 'message.chat.agent', direction: 'outbound', channel: 'chat', author: SARAH },
    { event: 'message.email.agent', direction: 'outbound', channel: 'email', author: SARAH },
    { event: 'message.private', direction: 'internal', channel: 'note', author: SARAH },
  ])('maps $event to a $direction $channel message by its author', ({ event, ...expected }) => {
    const mapped = mapOne(read(event))
    expect(mapped.type).toBe('conversation.message_added')
    expect(mapped.data.change).toMatchObject({ message: expected })
    expect(mapped.data.actor).toEqual(expected.author)
  })

  it('takes channel and sender from the event name, not from the body', () => {
    const body = { ...read('message.chat.customer'), event: 'message.private' }
    const mapped = mapOne(body)
    // agent is null in a customer message: the private note has no known author.
    expect(mapped.data.change).toMatchObject({
      message: { direction: 'internal', channel: 'note', author: null },
    })
  })

  it('has no author when an agent message carries no agent', () => {
    const body = read('message.chat.agent')
    delete body.eventData['agent']
    expect(mapOne(body).data.actor).toBeNull()
  })

  it('reads a null text and an unusable createdAt as null', () => {
    const body = read('message.chat.customer')
    body.eventData.message['text'] = null
    body.eventData.message['createdAt'] = 'n/a'
    expect(mapOne(body).data.change).toMatchObject({ message: { text: null, createdAt: null } })
  })

  it.each([
    {
      case: 'no message',
      edit: (body: Body) => delete (body.eventData as Record<string, unknown>)['message'],
    },
    { case: 'a message without id', edit: (body: Body) => delete body.eventData.message['id'] },
    { case: 'no chat_id', edit: (body: Body) => delete body.eventData['chat_id'] },
  ])('rejects $case as invalid_payload', ({ edit }) => {
    const body = read('message.chat.customer')
    edit(body)
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
