import * as v from 'valibot'

type Schema = v.GenericSchema

/** The members of a valibot schema object that {@link loosen} reads; `type` tells which are set. */
interface SchemaParts {
  readonly type: string
  readonly entries?: Readonly<Record<string, Schema>>
  readonly wrapped?: Schema
  readonly default?: unknown
  readonly item?: Schema
  readonly options?: readonly Schema[]
  readonly key?: string
  readonly message?: v.ErrorMessage<v.BaseIssue<unknown>>
  readonly pipe?: readonly [Schema, ...v.PipeItem<unknown, unknown, v.BaseIssue<unknown>>[]]
}

/** Schemas with no members of their own: the same check in the loose view as in the strict one. */
const LEAVES = new Set([
  'any',
  'bigint',
  'boolean',
  'date',
  'enum',
  'literal',
  'null',
  'number',
  'picklist',
  'string',
  'unknown',
])

// Loosened once per schema object, so a shape shared by several types (Party) stays one object.
const loosened = new WeakMap<Schema, Schema>()

/**
 * The forward-compatible view of a strict canonical schema (docs/contract.md): every object
 * accepts members it does not know and passes them through (`v.looseObject`), while everything
 * the schema does know — types, literals, picklists, checks, nullability, optionality — is
 * checked exactly as the strict schema checks it. Derived, never written twice: a change to the
 * canonical schemas changes this view with it. A schema kind it has no rule for throws, so a new
 * kind in the canonical model fails the tests instead of staying strict unnoticed.
 */
export function loosen<TSchema extends Schema>(
  schema: TSchema
): v.GenericSchema<v.InferInput<TSchema>, v.InferOutput<TSchema>> {
  let loose = loosened.get(schema)
  if (!loose) {
    loose = rebuild(schema)
    loosened.set(schema, loose)
  }
  // Typed as the strict schema: the loose output is its output plus members no type names.
  return loose
}

// valibot's builders are typed for literal arguments; these are rebuilt from schema objects.
const pipe = v.pipe as unknown as (...items: unknown[]) => Schema
const variant = v.variant as unknown as (key: string, options: Schema[], message: unknown) => Schema

function rebuild(schema: Schema): Schema {
  const parts = schema as unknown as SchemaParts
  if (parts.pipe) {
    const [root, ...actions] = parts.pipe
    const looseRoot = loosen(root)
    return looseRoot === root ? schema : pipe(looseRoot, ...actions)
  }
  const wrapped = () => loosen(required(parts.wrapped, parts.type))
  switch (parts.type) {
    case 'object':
    case 'loose_object':
    case 'strict_object': {
      const entries = Object.entries(required(parts.entries, parts.type))
      return v.looseObject(
        Object.fromEntries(entries.map(([key, entry]) => [key, loosen(entry)])),
        parts.message
      )
    }
    case 'optional':
      return v.optional(wrapped(), parts.default)
    case 'exact_optional':
      return v.exactOptional(wrapped(), parts.default)
    case 'nullable':
      return v.nullable(wrapped(), parts.default)
    case 'nullish':
      return v.nullish(wrapped(), parts.default)
    case 'array':
      return v.array(loosen(required(parts.item, parts.type)), parts.message)
    case 'union':
      return v.union(required(parts.options, parts.type).map(loosen), parts.message)
    case 'variant':
      return variant(
        required(parts.key, parts.type),
        required(parts.options, parts.type).map(loosen),
        parts.message
      )
  }
  if (LEAVES.has(parts.type)) return schema
  throw new Error(`loosen: no rule for valibot '${parts.type}' schemas`)
}

function required<T>(member: T | undefined, type: string): T {
  if (member === undefined) throw new Error(`loosen: a '${type}' schema without its members`)
  return member
}
