import { canonicalJsonSchemas } from '../src/canonical/json-schema.ts'
import { adapters } from '../adapters/index.ts'
import { mappingMarkdown } from '../src/docs/mapping-doc.ts'

/** Every generated file, by path from the repository root, with the exact text it must hold. */
export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  for (const [name, schema] of Object.entries(canonicalJsonSchemas())) {
    files[`schemas/${name}`] = `${JSON.stringify(schema, null, 2)}\n`
  }
  files['docs/mapping.md'] = mappingMarkdown(adapters)
  return files
}
