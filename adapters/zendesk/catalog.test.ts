import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { zendesk } from './index.ts'

/** A type token: `ticket.created`, a bare `custom_field_changed`, `.deleted`, `identity_changed/_created`. */
const TOKEN = /^\.?[a-z_]+(?:\.[a-z_]+)?(?:\/_[a-z_]+)*$/

/** Expands one token of a row whose domain is `domain` (`ticket`, `user`, …) into full type names. */
function expand(token: string, domain: string): string[] {
  const [first = '', ...variants] = token.split('/')
  const full = first.startsWith('.')
    ? `${domain}${first}`
    : first.includes('.')
      ? first
      : `${domain}.${first}`
  // `group_membership_created/_deleted`: each variant replaces the last `_segment`.
  const stem = full.slice(0, full.lastIndexOf('_'))
  return [full, ...variants.map((variant) => `${stem}${variant}`)]
}

/**
 * The event types of README §7's table, one row per domain: backticked tokens of the "Types"
 * column, parenthesised remarks (payload shapes such as `event: {}`, `null`) left out. A bare name
 * takes the domain of the row's first full name.
 */
function catalogue(): { rows: number; types: string[]; ignoredRows: string[] } {
  const text = readFileSync(join(import.meta.dirname, 'reference', 'README.md'), 'utf8')
  const section = text.slice(text.indexOf('\n## 7.'), text.indexOf('\n## 8.'))
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Domain'))
  const types: string[] = []
  const ignoredRows: string[] = []
  for (const row of rows) {
    const [, , cell = '', canonical = ''] = row.split('|')
    let domain = ''
    const names = [...cell.replace(/\([^)]*\)/g, '').matchAll(/`([^`]+)`/g)]
      .map((match) => match[1]!)
      .filter((token) => TOKEN.test(token))
      .flatMap((token) => {
        if (token.includes('.') && !token.startsWith('.')) domain = token.split('.')[0]!
        return expand(token, domain)
      })
    types.push(...names)
    if (canonical.trim() === 'ignored') ignoredRows.push(...names)
  }
  return { rows: rows.length, types, ignoredRows }
}

describe('zendesk event catalog (reference README §7)', () => {
  const { rows, types, ignoredRows } = catalogue()

  it('reads 69 distinct event types from the 11 rows of the §7 table', () => {
    expect(rows).toBe(11)
    expect(types).toHaveLength(69)
    expect(new Set(types).size).toBe(69)
    expect(types).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'ticket.external_id_changed',
        'ticket.ola_policy_changed',
        'messaging_ticket.message_added',
        'user.group_membership_deleted',
        'user.identity_deleted',
        'user.organization_membership_created',
        'user.time_zone_changed',
        'organization.custom_field_changed',
      ])
    )
  })

  it('maps or explicitly ignores every catalogued type', () => {
    const handled = new Set([...Object.keys(zendesk.events), ...Object.keys(zendesk.ignored)])
    expect(types.filter((type) => !handled.has(type))).toEqual([])
  })

  it('ignores exactly the rows the reference marks ignored (staff user events are ignored per payload)', () => {
    expect(ignoredRows).toHaveLength(24)
    expect(Object.keys(zendesk.ignored).sort()).toEqual([...ignoredRows].sort())
  })

  it('maps every other type, users included (end-users only), and nothing Zendesk does not send', () => {
    const mapped = types.filter((type) => !ignoredRows.includes(type))
    expect(mapped).toHaveLength(45)
    expect(Object.keys(zendesk.events).sort()).toEqual(mapped.sort())
  })

  it('handles none of the names third-party code invents', () => {
    const invented = [
      'ticket.updated',
      'ticket.assignee_changed',
      'ticket.tag_added',
      'comment.created',
    ]
    const handled = [...Object.keys(zendesk.events), ...Object.keys(zendesk.ignored)]
    expect(handled.filter((type) => invented.includes(type))).toEqual([])
  })
})
