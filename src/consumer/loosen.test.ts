import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { CanonicalEventSchema, type CanonicalEvent } from '../canonical/index.ts'
import { listFixtureCases, goldenEvents } from '../../test/helpers/fixtures.ts'
import { loosen } from './loosen.ts'

const Loose = loosen(CanonicalEventSchema)
const events = listFixtureCases().flatMap((fixture) => goldenEvents(fixture.vendor, fixture.name))

/** `value` with a new member in every object, at every depth. */
function everywhere(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(everywhere)
  if (typeof value !== 'object' || value === null) return value
  return {
    ...Object.fromEntries(Object.entries(value).map(([key, member]) => [key, everywhere(member)])),
    addedLater: { nested: true },
  }
}

describe('loosen(CanonicalEventSchema)', () => {
  it('accepts every golden event, unchanged', () => {
    expect(events.length).toBeGreaterThan(50)
    for (const event of events) expect(v.parse(Loose, event)).toEqual(event)
  })

  it('accepts a new member in every object at every depth and keeps it, where the strict schema refuses it', () => {
    for (const event of events) {
      const grown = everywhere(event)
      expect(v.safeParse(CanonicalEventSchema, grown).success).toBe(false)
      expect(v.parse(Loose, grown)).toEqual(grown)
    }
  })

  it.each<[string, (event: CanonicalEvent) => unknown]>([
    [
      'a missing member',
      (event) => Object.fromEntries(Object.entries(event).filter(([name]) => name !== 'subject')),
    ],
    ['a member of the wrong type', (event) => ({ ...event, time: 42 })],
    ['a value outside a closed set', (event) => ({ ...event, specversion: '2.0' })],
    ['a failed check', (event) => ({ ...event, id: '' })],
    [
      'a bad nested member',
      (event) => ({ ...event, data: { ...event.data, actor: { kind: 'robot' } } }),
    ],
    ['an unknown type', (event) => ({ ...event, type: 'conversation.escalated' })],
  ])('still refuses %s', (_case, change) => {
    for (const event of events.slice(0, 20)) {
      expect(v.safeParse(Loose, change(event)).success).toBe(false)
    }
  })

  it('loosens a shared shape once, and pipes on objects are kept', () => {
    const Party = v.strictObject({ id: v.string() })
    const Piped = v.pipe(
      v.strictObject({ a: Party, b: v.optional(Party) }),
      v.check((input) => input.a.id !== 'x', 'no x')
    )
    const loose = loosen(Piped)
    expect(v.parse(loose, { a: { id: 'y', more: 1 } })).toEqual({ a: { id: 'y', more: 1 } })
    expect(v.safeParse(loose, { a: { id: 'x' } }).success).toBe(false)
    expect(loosen(Party)).toBe(loosen(Party))
  })

  it('throws for a schema kind it has no rule for, rather than staying strict unnoticed', () => {
    expect(() => loosen(v.record(v.string(), v.string()))).toThrow(/no rule for valibot 'record'/)
  })
})
