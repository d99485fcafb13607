import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { CANONICAL_EVENT_TYPES, CanonicalEventSchema, DATA_SCHEMAS } from './index.ts'
import { goldenEvents } from '../../test/helpers/fixtures.ts'

const valid = goldenEvents('plain', 'thread.thread_status_transitioned')[0]! as Record<
  string,
  unknown
>

/** A copy of the valid event with one change applied at a path. */
function edit(path: string[], value: unknown, remove = false): unknown {
  const copy = structuredClone(valid)
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
  const last = path[path.length - 1]!
  if (remove) delete node[last]
  else node[last] = value
  return copy
}

describe('CanonicalEventSchema', () => {
  it('accepts a golden event', () => {
    expect(v.is(CanonicalEventSchema, valid)).toBe(true)
  })

  it('accepts a vendor added to the registry later (any lower-case name)', () => {
    expect(v.is(CanonicalEventSchema, edit(['vendor'], 'zendesk'))).toBe(true)
  })

  it('covers sixteen types, each with its data schema', () => {
    expect(CANONICAL_EVENT_TYPES).toHaveLength(16)
    expect(Object.keys(DATA_SCHEMAS).sort()).toEqual([...CANONICAL_EVENT_TYPES].sort())
  })

  it.each([
    { case: 'an unknown top-level member', event: edit(['extra'], 'x') },
    { case: 'an unknown data member', event: edit(['data', 'extra'], 1) },
    { case: 'an unknown conversation member', event: edit(['data', 'conversation', 'extra'], 1) },
    { case: 'specversion 0.3', event: edit(['specversion'], '0.3') },
    { case: 'an unknown type', event: edit(['type'], 'conversation.exploded') },
    {
      case: 'a dataschema of another type',
      event: edit(['dataschema'], 'urn:switchboard:schema:conversation.created:1'),
    },
    { case: 'a time that is not RFC 3339', event: edit(['time'], '19 Oct 2023') },
    { case: 'an empty id', event: edit(['id'], '') },
    { case: 'an empty partitionkey', event: edit(['partitionkey'], '') },
    // The vendor is an open lower-case token (a new vendor is an additive change), not a list.
    { case: 'a vendor that is not a lower-case name', event: edit(['vendor'], 'Zendesk Inc.') },
    { case: 'an empty vendor', event: edit(['vendor'], '') },
    {
      case: 'a status outside the model',
      event: edit(['data', 'conversation', 'status'], 'archived'),
    },
    { case: 'a missing change', event: edit(['data', 'change'], undefined, true) },
    { case: 'a party kind outside the model', event: edit(['data', 'actor', 'kind'], 'robot') },
    {
      case: 'a change of another type',
      event: edit(['data', 'change'], { added: [], removed: [] }),
    },
    { case: 'labels that are not strings', event: edit(['data', 'conversation', 'labels'], [1]) },
  ])('rejects $case', ({ event }) => {
    expect(v.is(CanonicalEventSchema, event)).toBe(false)
  })
})
