import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generatedFiles } from '../scripts/generated-files.ts'

const ROOT = join(import.meta.dirname, '..')

describe('generated files', () => {
  const files = generatedFiles()

  it.each(Object.keys(files))(
    '%s matches its source (run `npm run generate` after a change)',
    (path) => {
      expect(readFileSync(join(ROOT, path), 'utf8')).toBe(files[path])
    }
  )

  it('leaves no stale file in schemas/', () => {
    const expected = Object.keys(files).filter((path) => path.startsWith('schemas/'))
    expect(
      readdirSync(join(ROOT, 'schemas'))
        .map((name) => `schemas/${name}`)
        .sort()
    ).toEqual(expected.sort())
  })
})
