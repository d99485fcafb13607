import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { EventTimeSchema, OptionalIdSchema, toIsoMillis, VendorIdSchema } from './values.ts'

describe('zendesk toIsoMillis', () => {
  it.each([
    // Nanoseconds (ticket events) are truncated, never rounded up into the next millisecond.
    ['2025-01-08T10:12:07.672717030Z', '2025-01-08T10:12:07.672Z'],
    ['2026-02-10T10:31:08.999999999Z', '2026-02-10T10:31:08.999Z'],
    // Whole seconds (user events, `detail` timestamps) gain `.000`.
    ['2099-07-04T05:33:18Z', '2099-07-04T05:33:18.000Z'],
    ['2026-02-10T10:31:08.5Z', '2026-02-10T10:31:08.500Z'],
    ['2026-02-10t10:31:08z', '2026-02-10T10:31:08.000Z'],
    // An offset is converted to UTC.
    ['2026-02-10T12:31:08.123456+02:00', '2026-02-10T10:31:08.123Z'],
  ])('turns %s into %s', (input, output) => {
    expect(toIsoMillis(input)).toBe(output)
  })

  it.each([
    '2024-13-45T99:99:99Z',
    '2026-02-10 10:31:08Z',
    '2026-02-10T10:31:08',
    'February 10, 2026 10:31',
    '1739183468',
    '',
    null,
    1739183468,
    '+275760-09-13T00:00:00.000Z',
  ])('turns %j into null', (input) => {
    expect(toIsoMillis(input)).toBeNull()
  })

  it('requires the envelope time: an unusable one is a schema issue, not an exception', () => {
    expect(v.safeParse(EventTimeSchema, 'yesterday').success).toBe(false)
    expect(v.parse(EventTimeSchema, '2025-01-08T10:12:07.672717030Z')).toBe(
      '2025-01-08T10:12:07.672Z'
    )
  })
})

describe('zendesk ids', () => {
  it('accepts string and numeric ids and returns strings', () => {
    expect(v.parse(VendorIdSchema, '8817')).toBe('8817')
    expect(v.parse(VendorIdSchema, 8817)).toBe('8817')
    expect(v.safeParse(VendorIdSchema, '').success).toBe(false)
    expect(v.safeParse(VendorIdSchema, 1.5).success).toBe(false)
  })

  it('reads an unusable optional id as null ("not told")', () => {
    expect(v.parse(OptionalIdSchema, 21504417790211)).toBe('21504417790211')
    for (const value of [undefined, null, '', ' ', true, {}, []]) {
      expect(v.parse(OptionalIdSchema, value)).toBeNull()
    }
  })
})
