import { describe, expect, it } from 'vitest'
import { PayloadError, normalize, type NormalizeResult } from '../../../src/adapter/index.ts'
import { fixtureBody } from '../../../test/helpers/fixtures.ts'
import { helpcrunch } from '../index.ts'

const read = (name: string) => fixtureBody('helpcrunch', name)
const normalizeHc = (body: unknown): NormalizeResult =>
  normalize(helpcrunch, { body: JSON.stringify(body), tenant: 'default' })

function rejection(body: unknown): string {
  try {
    normalizeHc(body)
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError)
    return (error as PayloadError).reason
  }
  throw new Error('expected a PayloadError, the body mapped')
}

describe('helpcrunch envelope', () => {
  it('maps eventData sent as a JSON string like the object itself', () => {
    const body = read('message.chat.customer')
    expect(normalizeHc({ ...body, eventData: JSON.stringify(body['eventData']) })).toEqual(
      normalizeHc(body)
    )
  })

  it.each([
    { case: 'a string that is not JSON', eventData: '{"chat_id": 5224081,' },
    { case: 'a JSON string of null', eventData: 'null' },
    { case: 'a JSON string of an array', eventData: '[1,2]' },
    { case: 'null', eventData: null },
    { case: 'a number', eventData: 5224081 },
  ])('rejects eventData as $case as invalid_payload, never a SyntaxError', ({ eventData }) => {
    expect(rejection({ ...read('message.chat.customer'), eventData })).toBe('invalid_payload')
  })

  it.each([
    { case: 'a whole-second number', createdAt: 1638953588, time: '2021-12-08T08:53:08.000Z' },
    { case: 'a fractional string', createdAt: '1638953588.250', time: '2021-12-08T08:53:08.250Z' },
  ])('takes time from createdAt as $case', ({ createdAt, time }) => {
    const result = normalizeHc({ ...read('message.chat.customer'), createdAt })
    expect(result.status === 'mapped' && result.events[0]!.time).toBe(time)
  })

  it.each([
    { case: 'null', createdAt: null },
    { case: 'text', createdAt: 'today' },
    { case: 'negative', createdAt: -1 },
    { case: 'in milliseconds', createdAt: 1638953588000 },
  ])('rejects a createdAt that is $case as invalid_payload', ({ createdAt }) => {
    expect(rejection({ ...read('message.chat.customer'), createdAt })).toBe('invalid_payload')
  })
})
