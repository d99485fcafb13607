/** Helpers of the Intercom adapter's own tests (test-only: nothing in the adapter imports this). */
import { expect } from 'vitest'
import {
  PayloadError,
  normalize,
  type CanonicalEvent,
  type Conversation,
  type Customer,
  type Party,
} from '../../src/adapter/index.ts'
import { fixtureBody } from '../../test/helpers/fixtures.ts'
import { intercom } from './index.ts'

/** A notification as the tests edit it: the envelope and its `data.item`. */
export type Notification = Record<string, unknown> & {
  data: { item: Record<string, unknown> }
}

/** A fresh, parsed copy of an Intercom fixture's body. Test-only. */
export const read = (name: string) => fixtureBody('intercom', name) as Notification

/** `name`'s fixture body with its item changed by `edit`. */
export function withItem(name: string, edit: (item: Record<string, unknown>) => void) {
  const body = read(name)
  edit(body.data.item)
  return body
}

/** A canonical event with `data` loosened for assertions (conversation or customer, any change). */
export type MappedEvent = Omit<CanonicalEvent, 'data'> & {
  readonly data: {
    readonly conversation?: Conversation
    readonly customer?: Customer
    readonly actor: Party | null
    readonly change: Record<string, unknown>
  }
}

/** The one event a body maps to; fails the test when it does not map to exactly one. */
export function mapOne(body: unknown): MappedEvent {
  const result = normalize(intercom, { body: JSON.stringify(body), tenant: 'default' })
  if (result.status !== 'mapped') throw new Error(`expected mapped, got ${result.status}`)
  const [event, ...more] = result.events
  if (event === undefined || more.length > 0) {
    throw new Error(`expected one event, got ${result.events.length}`)
  }
  return event
}

/** The `PayloadError` reason a body is rejected with. */
export function rejection(body: unknown): string {
  try {
    normalize(intercom, { body: JSON.stringify(body), tenant: 'default' })
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError)
    return (error as PayloadError).reason
  }
  throw new Error('expected a PayloadError, the body mapped')
}

/** The `change` of an event, loosely typed for assertions. */
export const changeOf = (event: MappedEvent) => event.data.change
