/**
 * The vendor door's other half: a vendor lives in its folder under `adapters/` (and its fixtures),
 * so no source file of the product, its scripts or the shared test helpers names one. Test files
 * beside the code (`*.test.ts`) may use a vendor as their example.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'

const ROOT = join(import.meta.dirname, '..')

/** Every `.ts` file below `dir`, tests excluded. */
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(dir, file))

/**
 * "plain" is also an English word and a SASL mechanism: those senses are not the vendor. Each
 * allowed line is matched whole by one of these.
 */
const OTHER_SENSES = [
  /text\/plain/,
  /plain HTTP/,
  /'plain' \| 'scram-sha-256'/,
  /\['plain', 'scram/,
]

describe('no source outside adapters/ and fixtures/ names a vendor', () => {
  const files = ['src', 'bin', 'scripts', 'test/helpers'].flatMap(sources)

  it('reads the product, scripts and test helpers', () => {
    expect(files.length).toBeGreaterThan(100)
    expect(files).toContain(join('test', 'helpers', 'sign.ts'))
  })

  it.each(adapters.map((adapter) => adapter.vendor))('%s is named nowhere there', (vendor) => {
    const pattern = new RegExp(`\\b${vendor}\\b`, 'i')
    const named = files.flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${relative(ROOT, join(ROOT, file))}:${index + 1}` }))
        .filter(({ line }) => pattern.test(line) && !OTHER_SENSES.some((sense) => sense.test(line)))
        .map(({ at, line }) => `${at}: ${line.trim()}`)
    )
    expect(named).toEqual([])
  })
})
