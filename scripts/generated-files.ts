import { ASYNCAPI_FILE, canonicalAsyncApi } from '../src/generate/asyncapi.ts'
import { canonicalJsonSchemas } from '../src/generate/json-schema.ts'
import { adapters } from '../adapters/index.ts'
import { mappingMarkdown } from '../src/generate/mapping-doc.ts'
import { withVendorTable } from '../src/generate/configuration-doc.ts'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/** Every generated file, by path from the repository root, with the exact text it must hold. */
export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  for (const [name, schema] of Object.entries(canonicalJsonSchemas())) {
    files[`schemas/${name}`] = json(schema)
  }
  files[`schemas/${ASYNCAPI_FILE}`] = json(canonicalAsyncApi())
  files['docs/mapping.md'] = mappingMarkdown(adapters)
  // Only the vendor table is generated; the rest of the page is written by hand.
  const configuration = join(import.meta.dirname, '..', 'docs', 'configuration.md')
  files['docs/configuration.md'] = withVendorTable(readFileSync(configuration, 'utf8'), adapters)
  return files
}
