import { describe, expect, it } from 'vitest'
import { idOf, instantOf, unixToIso } from './values.ts'

describe('intercom idOf', () => {
  it.each([
    { input: '215472621202693', id: '215472621202693' },
    { input: 9608799, id: '9608799' },
    { input: '0', id: '0' },
    { input: 0, id: '0' },
    { input: '', id: null },
    { input: null, id: null },
    { input: -1, id: null },
    { input: 1.5, id: null },
    { input: 1e21, id: null },
    { input: {}, id: null },
  ])('reads $input as $id', ({ input, id }) => {
    expect(idOf(input)).toBe(id)
  })
})

describe('intercom timestamps', () => {
  it.each([
    { input: 1553291111, iso: '2019-03-22T21:45:11.000Z' },
    { input: '1553291111', iso: '2019-03-22T21:45:11.000Z' },
    { input: 0, iso: '1970-01-01T00:00:00.000Z' },
    { input: -1, iso: null },
    { input: 1e21, iso: null },
    { input: '2019-03-22T21:45:11Z', iso: null },
    { input: 'NaN', iso: null },
    { input: null, iso: null },
  ])('reads unix seconds $input as $iso', ({ input, iso }) => {
    expect(unixToIso(input)).toBe(iso)
  })

  it.each([
    { input: '2026-01-10T04:22:28.240+00:00', iso: '2026-01-10T04:22:28.240Z' },
    { input: '2026-01-10T04:39:55.000Z', iso: '2026-01-10T04:39:55.000Z' },
    { input: '2026-01-10T06:22:28+02:00', iso: '2026-01-10T04:22:28.000Z' },
    { input: 1768018948, iso: '2026-01-10T04:22:28.000Z' },
    { input: '1', iso: '1970-01-01T00:00:01.000Z' },
    { input: '2024-13-45T99:99:99Z', iso: null },
    { input: '9999-12-31T23:59:59-01:00', iso: null },
    { input: '2026-01-10', iso: null },
    { input: 'yesterday', iso: null },
    { input: true, iso: null },
  ])('reads contact time $input as $iso', ({ input, iso }) => {
    expect(instantOf(input)).toBe(iso)
  })
})
