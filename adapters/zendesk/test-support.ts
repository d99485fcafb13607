/** Helpers of the Zendesk adapter's own tests (test-only: nothing in the adapter imports this). */
import { expect } from 'vitest'
import { normalize, type CanonicalEvent, type NormalizeResult } from '../../src/adapter/index.ts'
import { fixtureBody } from '../../test/helpers/fixtures.ts'
import { zendesk } from './index.ts'

/** Sets `value` at a dotted `path` of a parsed body; `undefined` deletes the key. */
function setPath(node: Record<string, unknown>, path: string, value: unknown): void {
  const [key = '', ...rest] = path.split('.')
  if (rest.length > 0) {
    setPath(node[key] as Record<string, unknown>, rest.join('.'), value)
  } else if (value === undefined) {
    Reflect.deleteProperty(node, key)
  } else {
    node[key] = value
  }
}

/** `normalize` of a fixture's body after `edits` (dotted path → value, `undefined` deletes). */
export function run(name: string, edits: Record<string, unknown> = {}): NormalizeResult {
  const body = fixtureBody('zendesk', name)
  for (const [path, value] of Object.entries(edits)) setPath(body, path, value)
  return normalize(zendesk, { body: JSON.stringify(body), tenant: 'default' })
}

/** The `data` of the one event a fixture maps to, after `edits`. */
export function dataOf(name: string, edits?: Record<string, unknown>): CanonicalEvent['data'] {
  const result = run(name, edits)
  if (result.status !== 'mapped') throw new Error(`${name} was ${result.status}`)
  expect(result.events).toHaveLength(1)
  const [event] = result.events
  if (!event) throw new Error(`${name} mapped to no event`)
  return event.data
}
