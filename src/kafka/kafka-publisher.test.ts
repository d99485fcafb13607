import { describe, expect, it } from 'vitest'
import { isRecordTooLarge } from './kafka-publisher.ts'

describe('isRecordTooLarge', () => {
  it.each([
    {
      case: 'a protocol error of type MESSAGE_TOO_LARGE',
      error: Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' }),
      expected: true,
    },
    {
      case: 'one wrapped as a cause',
      error: new Error('send failed', { cause: { type: 'RECORD_LIST_TOO_LARGE' } }),
      expected: true,
    },
    {
      case: 'one inside an aggregate',
      error: Object.assign(new Error('many'), {
        errors: [new Error('x'), { type: 'INVALID_RECORD' }],
      }),
      expected: true,
    },
    {
      case: 'a connection error',
      error: Object.assign(new Error('Connection error'), { type: 'NETWORK_EXCEPTION' }),
      expected: false,
    },
    { case: 'a plain error', error: new Error('broker gone'), expected: false },
    { case: 'a string', error: 'oops', expected: false },
  ])('says $expected for $case', ({ error, expected }) => {
    expect(isRecordTooLarge(error)).toBe(expected)
  })
})
