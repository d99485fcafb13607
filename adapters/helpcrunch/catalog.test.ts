import { describe, expect, it } from 'vitest'
import { readVendorReference } from '../../test/helpers/fixtures.ts'
import { helpcrunch } from './index.ts'

/**
 * Event names from the tables of §1 "Event catalog": body rows starting with "| `"; a table's
 * header row is the one followed by the `|---|` separator.
 */
function documentedEvents(): { tables: number; events: string[] } {
  const text = readVendorReference('helpcrunch/README.md').toString('utf8')
  const start = text.indexOf('\n## 1.')
  const end = text.indexOf('\n## 2.', start)
  const lines = text.slice(start, end).split('\n')
  let tables = 0
  const events: string[] = []
  lines.forEach((line, index) => {
    if (!line.startsWith('| `')) return
    if (/^\|[-| ]+\|$/.test(lines[index + 1] ?? '')) {
      tables += 1
      return
    }
    events.push(/^\| `([^`]+)`/.exec(line)![1]!)
  })
  return { tables, events }
}

describe('helpcrunch event catalog', () => {
  const { tables, events } = documentedEvents()

  it('reads 20 distinct event names from the three §1 tables of the vendor reference', () => {
    expect(tables).toBe(3)
    expect(events).toHaveLength(20)
    expect(new Set(events).size).toBe(20)
  })

  it('maps every documented event type (the contract ignores none)', () => {
    expect(events.filter((event) => !Object.hasOwn(helpcrunch.events, event))).toEqual([])
    expect(Object.keys(helpcrunch.ignored)).toEqual([])
  })

  it('maps no event type the vendor does not document', () => {
    expect(Object.keys(helpcrunch.events).sort()).toEqual([...events].sort())
  })
})
