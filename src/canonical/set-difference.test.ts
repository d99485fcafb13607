import { describe, expect, it } from 'vitest'
import { setDifference } from './set-difference.ts'

describe('setDifference', () => {
  it.each([
    { case: 'nothing changed', before: ['a', 'b'], after: ['a', 'b'], added: [], removed: [] },
    { case: 'a value added', before: ['a'], after: ['a', 'b'], added: ['b'], removed: [] },
    { case: 'a value removed', before: ['a', 'b'], after: ['b'], added: [], removed: ['a'] },
    { case: 'everything replaced', before: ['a'], after: ['b'], added: ['b'], removed: ['a'] },
    { case: 'both sides empty', before: [], after: [], added: [], removed: [] },
    { case: 'only a reordering', before: ['a', 'b'], after: ['b', 'a'], added: [], removed: [] },
  ])('reports $case', ({ before, after, added, removed }) => {
    expect(setDifference(before, after)).toEqual({ added, removed })
  })

  it('reports a repeated value once, on either side', () => {
    expect(setDifference(['x', 'x', 'y'], ['y', 'z', 'z'])).toEqual({
      added: ['z'],
      removed: ['x'],
    })
  })

  it('keeps first-seen order', () => {
    expect(setDifference(['c', 'a', 'c', 'b'], ['f', 'e', 'f', 'd'])).toEqual({
      added: ['f', 'e', 'd'],
      removed: ['c', 'a', 'b'],
    })
  })

  it('counts a value present on both sides as neither added nor removed, however often it repeats', () => {
    expect(setDifference(['a', 'a'], ['a'])).toEqual({ added: [], removed: [] })
  })
})
