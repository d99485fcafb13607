import { describe, expect, it } from 'vitest'
import { toInstant } from './values.ts'

describe('toInstant', () => {
  it.each([
    { text: '2024-03-06T12:33:25.295Z', instant: '2024-03-06T12:33:25.295Z' },
    { text: '2024-03-06T12:33:25Z', instant: '2024-03-06T12:33:25.000Z' },
    { text: '2024-03-06T13:33:25.295+01:00', instant: '2024-03-06T12:33:25.295Z' },
    { text: '+010000-01-01T00:00:00.000Z', instant: null },
    { text: '-000001-01-01T00:00:00.000Z', instant: null },
    { text: 'yesterday', instant: null },
    { text: '', instant: null },
  ])('reads $text as $instant', ({ text, instant }) => {
    expect(toInstant(text)).toBe(instant)
  })
})
