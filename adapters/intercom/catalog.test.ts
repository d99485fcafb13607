import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { intercom } from './index.ts'

const README = readFileSync(join(import.meta.dirname, 'reference', 'README.md'), 'utf8')

/** `contact.{user,lead}.tag.{created,deleted}` → the four names it stands for. */
function expandBraces(name: string): string[] {
  const match = /\{([^}]+)\}/.exec(name)
  if (!match) return [name]
  return match[1]!
    .split(',')
    .flatMap((option) => expandBraces(name.replace(match[0], option.trim())))
}

/**
 * The topic names in `text`'s backticks, in order. A name starting with `.` continues the one
 * before it, replacing as many trailing segments as it has (`.admin.opened` after
 * `conversation.admin.closed`, `.detached` after `conversation.contact.attached`). Backticked text
 * that is not a topic name (`merged_from: {type, id}`) is skipped.
 */
function topicsIn(text: string): string[] {
  const topics: string[] = []
  let previous = ''
  for (const [, token] of text.matchAll(/`([^`]+)`/g)) {
    if (!/^[a-z_.{},*]+$/.test(token!)) continue
    let name = token!
    if (name.startsWith('.')) {
      const kept = previous.split('.').slice(0, -(name.split('.').length - 1))
      name = `${kept.join('.')}${name}`
    }
    previous = name
    topics.push(...expandBraces(name))
  }
  return topics
}

/** README §6, up to §7. */
const section = () => README.slice(README.indexOf('\n## 6.'), README.indexOf('\n## 7.'))

/** README §6: the Topics column of the catalogue table, and the legacy 1.x paragraph under it. */
function catalogue() {
  const text = section()
  const rows = text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Family'))
  const families = rows.map((row) => row.split(' | ')[0]!.slice(2))
  const table = rows.flatMap((row) => topicsIn(row.split(' | ')[1]!))
  const legacyStart = text.indexOf('Legacy 1.x topic names')
  const legacy = topicsIn(text.slice(legacyStart, text.indexOf('There is', legacyStart)))
  return {
    families,
    topics: table.filter((topic) => !topic.endsWith('.*')),
    wildcards: table.filter((topic) => topic.endsWith('.*')),
    legacy,
  }
}

describe('intercom topic catalogue (README §6)', () => {
  const { families, topics, wildcards, legacy } = catalogue()
  const handled = (topic: string) =>
    Object.hasOwn(intercom.events, topic) || Object.hasOwn(intercom.ignored, topic)
  const ignoredFamilies = Object.keys(intercom.ignoredFamilies)

  it('reads 12 families, 61 topics, 6 wildcard families and 11 legacy names', () => {
    expect(families).toHaveLength(12)
    expect(topics).toHaveLength(61)
    expect(new Set(topics).size).toBe(61)
    expect(wildcards).toEqual([
      'admin.*',
      'company.*',
      'article.*',
      'call.*',
      'content_stat.*',
      'data_connector.*',
    ])
    expect(legacy).toHaveLength(11)
    // Spot checks of the name expansion rules.
    expect(topics).toContain('conversation.admin.unsnoozed')
    expect(topics).toContain('conversation.contact.detached')
    expect(topics).toContain('contact.lead.tag.deleted')
    expect(legacy).toContain('contact.tag.deleted')
  })

  it('maps or explicitly ignores every topic of the table and every legacy name', () => {
    expect([...topics, ...legacy].filter((topic) => !handled(topic))).toEqual([])
  })

  it('handles nothing the catalogue does not name, except concrete topics of its wildcard families', () => {
    const named = new Set([...topics, ...legacy])
    const prefixes = wildcards.map((wildcard) => wildcard.slice(0, -1))
    const strays = [...Object.keys(intercom.events), ...Object.keys(intercom.ignored)].filter(
      (topic) => !named.has(topic) && !prefixes.some((prefix) => topic.startsWith(prefix))
    )
    expect(strays).toEqual([])
  })

  it('maps no topic of an ignored row or the legacy paragraph (but the one the contract maps)', () => {
    const ignoredRows = section()
      .split('\n')
      .filter(
        (line) => line.startsWith('| ') && line.trimEnd().split(' | ').at(-1)!.startsWith('ignored')
      )
      .flatMap((row) => topicsIn(row.split(' | ')[1]!))
    expect(ignoredRows).toContain('conversation.read')
    // README §6 lists ticket.team.assigned among the ignored tickets; the contract maps it (and wins).
    const contractMaps = ['ticket.team.assigned']
    const mapped = [...ignoredRows, ...legacy].filter(
      (topic) => Object.hasOwn(intercom.events, topic) && !contractMaps.includes(topic)
    )
    expect(mapped).toEqual([])
  })

  it('lists concrete topics for the wildcard families Intercom documents by name', () => {
    for (const family of ['admin.', 'company.', 'call.']) {
      expect(
        Object.keys(intercom.ignored).filter((topic) => topic.startsWith(family)).length
      ).toBeGreaterThan(0)
    }
  })

  it('covers every wildcard family: by concrete topics, or as an ignored family', () => {
    const uncovered = wildcards
      .map((wildcard) => wildcard.slice(0, -1))
      .filter(
        (prefix) =>
          !ignoredFamilies.includes(prefix) &&
          !Object.keys(intercom.ignored).some((topic) => topic.startsWith(prefix))
      )
    expect(uncovered).toEqual([])
    expect(ignoredFamilies).toEqual(['article.', 'content_stat.', 'data_connector.'])
    expect(Object.values(intercom.ignoredFamilies).every((reason) => reason.trim() !== '')).toBe(
      true
    )
  })

  it('maps 43 topics and ignores 42, every ignored one with a reason', () => {
    expect(Object.keys(intercom.events)).toHaveLength(43)
    expect(Object.keys(intercom.ignored)).toHaveLength(42)
    expect(Object.values(intercom.ignored).filter((reason) => reason.trim() === '')).toEqual([])
  })
})
