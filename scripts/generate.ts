/**
 * Writes every generated artefact from its source of truth: `schemas/*.json` (the JSON Schemas
 * and the AsyncAPI document) from the canonical valibot schemas, and `docs/mapping.md` from the
 * adapters' registry. `npm run generate`; tests fail when a checked-in file differs from what
 * this would write.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generatedFiles } from './generated-files.ts'

const root = join(import.meta.dirname, '..')
const schemasDir = join(root, 'schemas')
mkdirSync(schemasDir, { recursive: true })
for (const stale of readdirSync(schemasDir)) rmSync(join(schemasDir, stale))
mkdirSync(join(root, 'docs'), { recursive: true })

for (const [path, text] of Object.entries(generatedFiles())) {
  writeFileSync(join(root, path), text)
  console.log(`wrote ${path}`)
}
