import { describe, expect, it } from 'vitest'
import { normalize } from '../../src/adapter/index.ts'
import { fixtureBody } from '../../test/helpers/fixtures.ts'
import { helpcrunch } from './index.ts'

const read = (name: string) => fixtureBody('helpcrunch', name)
const normalizeHc = (body: unknown) =>
  normalize(helpcrunch, { body: JSON.stringify(body), tenant: 'default' })

describe('helpcrunch mapping determinism', () => {
  it.each(['chat.closed', 'chat.snoozed', 'message.chat.customer', 'customer.unsubscribed'])(
    'maps a redelivery of %s (other attempts, lastAttemptAt) to identical events',
    (name) => {
      const first = read(name)
      const redelivery = { ...first, attempts: 7, lastAttemptAt: Number(first['createdAt']) + 3600 }
      const result = normalizeHc(first)
      expect(result.status).toBe('mapped')
      expect(normalizeHc(redelivery)).toEqual(result)
    }
  )

  it('takes time from the envelope createdAt, not lastAttemptAt', () => {
    const body = read('chat.closed')
    const result = normalizeHc({ ...body, createdAt: 1607542031, lastAttemptAt: 1607542391 })
    expect(result.status === 'mapped' && result.events.map((event) => event.time)).toEqual([
      '2020-12-09T19:27:11.000Z',
    ])
  })

  it('maps the same webhook the same way whatever its whitespace and key order', () => {
    const body = read('chat.rated')
    const reordered = Object.fromEntries(Object.entries(body).reverse())
    expect(
      normalize(helpcrunch, { body: JSON.stringify(reordered, null, 4), tenant: 'default' })
    ).toEqual(normalizeHc(body))
  })

  it('does not fall back to lastAttemptAt when createdAt is missing', () => {
    const body = read('chat.new')
    delete body['createdAt']
    expect(() => normalizeHc(body)).toThrow(/invalid_payload/)
  })
})
