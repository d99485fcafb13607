import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLOUDEVENT_SCHEMA_FILE } from '../../src/generate/json-schema.ts'

/** Checked-in generated JSON Schemas. */
export const SCHEMAS_DIR = join(import.meta.dirname, '..', '..', 'schemas')

// ajv-formats ships CommonJS with `exports.default`; under Node's ESM interop the default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

let validator: ValidateFunction | undefined

/** Validates a structured-mode canonical event against the checked-in `schemas/cloudevent.v1.json`, using ajv. */
export function validateWithJsonSchema(event: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true })
    addFormats(ajv)
    validator = ajv.compile(
      JSON.parse(readFileSync(join(SCHEMAS_DIR, CLOUDEVENT_SCHEMA_FILE), 'utf8')) as object
    )
  }
  return validator(event)
    ? []
    : (validator.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
}
