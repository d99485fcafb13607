import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { OptionalTimestampSchema, RequiredTimestampSchema, unixToIso } from './values.ts'

describe('helpcrunch unixToIso', () => {
  it.each([
    { case: 'an envelope number', input: 1607542030, iso: '2020-12-09T19:27:10.000Z' },
    { case: 'a fractional string', input: '1607542030.713', iso: '2020-12-09T19:27:10.713Z' },
    { case: 'a string with .000', input: '1606155714.000', iso: '2020-11-23T18:21:54.000Z' },
    { case: 'a whole-second string', input: '1603885746', iso: '2020-10-28T11:49:06.000Z' },
    { case: 'a fractional number', input: 1607540767.414, iso: '2020-12-09T19:06:07.414Z' },
    { case: 'a string with spaces', input: ' 1607542030.713 ', iso: '2020-12-09T19:27:10.713Z' },
    {
      case: 'sub-millisecond digits (rounded)',
      input: '1638953586.9999',
      iso: '2021-12-08T08:53:07.000Z',
    },
    { case: 'zero', input: 0, iso: '1970-01-01T00:00:00.000Z' },
  ])('converts $case', ({ input, iso }) => {
    expect(unixToIso(input)).toBe(iso)
  })

  it.each([
    { case: 'null', input: null },
    { case: 'undefined', input: undefined },
    { case: 'garbage text', input: 'yesterday' },
    { case: 'an empty string', input: '' },
    { case: 'an ISO string', input: '2020-12-09T19:27:10Z' },
    { case: 'exponent notation', input: '1.6e9' },
    { case: 'a hex string', input: '0x5fd124ce' },
    { case: 'a negative number', input: -1 },
    { case: 'a negative string', input: '-1607542030' },
    { case: 'a year beyond 9999', input: 253402300800 },
    { case: 'milliseconds mistaken for seconds', input: 1607542030713 },
    { case: 'Infinity', input: Infinity },
    { case: 'NaN', input: NaN },
    { case: 'a boolean', input: true },
    { case: 'an object', input: { seconds: 1607542030 } },
  ])('returns null for $case', ({ input }) => {
    expect(unixToIso(input)).toBeNull()
  })
})

describe('helpcrunch timestamp schemas', () => {
  const Optional = v.object({ at: OptionalTimestampSchema })
  const Required = v.object({ at: RequiredTimestampSchema })

  it('reads an absent, null or unusable optional timestamp as null', () => {
    expect(v.parse(Optional, {})).toEqual({ at: null })
    expect(v.parse(Optional, { at: null })).toEqual({ at: null })
    expect(v.parse(Optional, { at: 'soon' })).toEqual({ at: null })
    expect(v.parse(Optional, { at: '1607542030.713' })).toEqual({ at: '2020-12-09T19:27:10.713Z' })
  })

  it('requires a usable required timestamp', () => {
    expect(v.parse(Required, { at: 1607542030 })).toEqual({ at: '2020-12-09T19:27:10.000Z' })
    for (const input of [{}, { at: null }, { at: 'soon' }, { at: -5 }]) {
      expect(v.safeParse(Required, input).success).toBe(false)
    }
  })
})
