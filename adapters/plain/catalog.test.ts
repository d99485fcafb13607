import { describe, expect, it } from 'vitest'
import { listVendorReference, readVendorReferenceJson } from '../../test/helpers/fixtures.ts'
import { plain } from './index.ts'

/** Plain's published JSON Schema snapshots, one per webhook version (`test/vendor-reference/plain/schema`). */
const snapshots = listVendorReference('plain/schema').filter((file) => file.endsWith('.json'))

/** The event types a Plain JSON Schema snapshot declares: its root `type` enum. */
const eventTypesOf = (file: string) =>
  (readVendorReferenceJson(file) as { properties: { type: { enum: string[] } } }).properties.type
    .enum

describe('Plain event catalog', () => {
  const catalog = new Set(snapshots.flatMap(eventTypesOf))
  // Documented only on an old docs page (seed 000), in no snapshot; the contract maps it.
  const legacy = ['customer.customer_status_transitioned']

  it('reads all six published schema snapshots, 30 event types in all', () => {
    expect(snapshots).toHaveLength(6)
    expect(catalog.size).toBe(30)
  })

  it('maps or explicitly ignores every event type of every schema version, and the legacy one', () => {
    const handled = new Set([...Object.keys(plain.events), ...Object.keys(plain.ignored)])
    expect([...catalog, ...legacy].filter((type) => !handled.has(type))).toEqual([])
  })

  it('ignores exactly the two types the contract names', () => {
    expect(Object.keys(plain.ignored).sort()).toEqual([
      'customer.customer_group_changed',
      'timeline.timeline_entry_changed',
    ])
  })

  it('handles nothing that Plain does not send', () => {
    const known = new Set([...catalog, ...legacy])
    expect(Object.keys(plain.events).filter((type) => !known.has(type))).toEqual([])
  })
})
