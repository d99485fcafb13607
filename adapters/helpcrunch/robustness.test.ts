import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PayloadError, normalize } from '../../src/adapter/index.ts'
import { identifyHelpCrunch } from './identify.ts'
import { helpcrunch } from './index.ts'

/** Values a careless or future sender might put in any field. */
const anything = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
  fc.constantFrom('5224081', '1607542030.713', '', 'closed', 'On-Hold', 'perfect', 'customer')
)

/** Mostly what the docs describe, sometimes anything at all. */
const mostly = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: plausible, weight: 5 }, { arbitrary: anything, weight: 1 })

const id = mostly(fc.oneof(fc.nat(), fc.nat().map(String)))
const text = mostly(fc.option(fc.string(), { nil: null }))
const timestamp = mostly(
  fc.oneof(
    fc.integer({ min: 0, max: 4_000_000_000 }),
    fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => (ms / 1000).toFixed(3)),
    fc.double({ min: -1e13, max: 1e13, noNaN: true }),
    fc.constant(null)
  )
)
const person = mostly(
  fc.option(
    fc.record({ id, name: text, email: text, userId: text, role: text }, { requiredKeys: ['id'] }),
    { nil: null }
  )
)
/** A union of the chat, message and customer models' keys, each present or not. */
const eventData = fc.record(
  {
    chat_id: id,
    id,
    customer: person,
    assignee: person,
    agent: person,
    status: text,
    closedBy: mostly(fc.constantFrom('customer', 'agent', 'Agent', 'bot', null)),
    rating: mostly(fc.constantFrom('poor', 'average', 'great', 'perfect', 'GREAT')),
    createdAt: timestamp,
    snoozedUntil: timestamp,
    applications: anything,
    customData: anything,
    unsubscribed: mostly(fc.boolean()),
    name: text,
    email: text,
    userId: text,
    message: mostly(fc.record({ id, text, createdAt: timestamp }, { requiredKeys: ['id'] })),
  },
  { requiredKeys: [] }
)

describe('helpcrunch adapter robustness', () => {
  it('identifies any JSON value or throws PayloadError (not_a_webhook), nothing else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          identifyHelpCrunch(body, { tenant: 'default' })
        } catch (error) {
          expect(error).toBeInstanceOf(PayloadError)
          expect((error as PayloadError).reason).toBe('not_a_webhook')
        }
      })
    )
  })

  it.each(Object.keys(helpcrunch.events))(
    'maps any %s eventData to canonical events or rejects it as invalid_payload',
    (event) => {
      let mapped = 0
      fc.assert(
        fc.property(eventData, fc.boolean(), timestamp, (data, asString, createdAt) => {
          const body = {
            event,
            id: 'e5a1d0c4-0000-4000-8000-000000000000',
            createdAt,
            eventData: asString ? JSON.stringify(data) : data,
          }
          try {
            const result = normalize(helpcrunch, { body: JSON.stringify(body), tenant: 'default' })
            expect(result.status).toBe('mapped')
            mapped += 1
          } catch (error) {
            // mapping_failed would mean the mapping produced a non-canonical event: a bug.
            expect(error).toBeInstanceOf(PayloadError)
            expect((error as PayloadError).reason).toBe('invalid_payload')
          }
        }),
        { numRuns: 300 }
      )
      // Guards against a vacuous property: some generated payloads must map.
      expect(mapped).toBeGreaterThan(0)
    }
  )
})
