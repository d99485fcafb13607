import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'
import { adapterFor } from '../src/adapter/contract.ts'
import { CanonicalEventSchema } from '../src/canonical/index.ts'
import { PayloadError } from '../src/errors.ts'
import { normalize } from '../src/pipeline.ts'
import { listFixtureCases } from './helpers/fixtures.ts'
import { validateWithJsonSchema } from './helpers/json-schema.ts'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Path = (string | number)[]

/** Every path to a value inside a JSON document, the root included. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  const here = [prefix]
  if (Array.isArray(value))
    return here.concat(value.flatMap((item, i) => pathsOf(item, [...prefix, i])))
  if (value !== null && typeof value === 'object') {
    return here.concat(
      Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))
    )
  }
  return here
}

/** Applies one mutation at `path`: replace the value, delete it, or add an unknown sibling key. */
function mutate(doc: Json, path: Path, op: 'replace' | 'delete' | 'extend', value: Json): Json {
  if (path.length === 0) return op === 'replace' ? value : doc
  const copy = structuredClone(doc)
  let parent = copy as Record<string | number, Json>
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>
  const last = path[path.length - 1]!
  if (op === 'replace') parent[last] = value
  else if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete parent[last]
  } else if (!Array.isArray(parent)) parent[`x_future_${String(last)}`] = value
  return copy
}

/** Values that break naive parsers: empty and blank strings, null, zero, huge numbers, odd types. */
const EDGE_VALUES: Json[] = [
  'constructor',
  'toString',
  '__proto__',

  '',
  ' ',
  null,
  0,
  -1,
  1e21,
  '0',
  '1607542030.713',
  'NaN',
  true,
  [],
  {},
  '2024-13-45T99:99:99Z',
]

/** Replacement values: generic JSON, weighted towards the edge values vendors and proxies produce. */
const edgeOrJson = (maxDepth: number): fc.Arbitrary<Json> =>
  fc.oneof(fc.constantFrom<Json>(...EDGE_VALUES), fc.jsonValue({ maxDepth }) as fc.Arbitrary<Json>)

const seeds = listFixtureCases().flatMap((fixture) => {
  try {
    return [{ fixture, doc: JSON.parse(fixture.body.toString('utf8')) as Json }]
  } catch {
    return []
  }
})

/** The adapters' promise: a result whose events pass both canonical schemas, or a `PayloadError`. */
function checkContract(vendor: string, doc: Json, tenant: string) {
  let result
  try {
    result = normalize(adapterFor(adapters, vendor)!, { body: JSON.stringify(doc), tenant })
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError)
    // A mapping is total over its schema's output: bad input must fail the vendor schema
    // (invalid_payload), never the mapping or the canonical check behind it.
    expect((error as PayloadError).reason, (error as PayloadError).detail).not.toBe(
      'mapping_failed'
    )
    return
  }
  if (result.status === 'mapped') {
    for (const event of result.events) {
      expect(v.is(CanonicalEventSchema, event)).toBe(true)
      expect(validateWithJsonSchema(event)).toEqual([])
    }
  }
}

describe.each(adapters.map((adapter) => adapter.vendor))(
  '%s adapter under mutated payloads',
  (vendor) => {
    const own = seeds.filter((seed) => seed.fixture.vendor === vendor)

    it('survives any leaf replaced by an edge value (empty, blank, null, zero, huge, wrong type)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: own.length - 1 }).chain((i) => {
            const { doc, fixture } = own[i]!
            const leaves = pathsOf(doc).filter((path) => {
              let node: Json = doc
              for (const key of path) node = (node as Record<string | number, Json>)[key]!
              return node === null || typeof node !== 'object'
            })
            return fc.record({
              doc: fc.constant(doc),
              tenant: fc.constant(fixture.tenant),
              path: fc.constantFrom(...leaves),
              value: fc.constantFrom<Json>(...EDGE_VALUES),
            })
          }),
          ({ doc, tenant, path, value }) => {
            checkContract(vendor, mutate(doc, path, 'replace', value), tenant)
          }
        ),
        { numRuns: 4000 }
      )
    })

    it('throws nothing but PayloadError and emits only valid canonical events (1 mutation)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: own.length - 1 }).chain((i) => {
            const { doc, fixture } = own[i]!
            const paths = pathsOf(doc)
            return fc.record({
              doc: fc.constant(doc),
              tenant: fc.constant(fixture.tenant),
              path: fc.constantFrom(...paths),
              op: fc.constantFrom('replace' as const, 'delete' as const, 'extend' as const),
              value: edgeOrJson(2),
            })
          }),
          ({ doc, tenant, path, op, value }) => {
            checkContract(vendor, mutate(doc, path, op, value), tenant)
          }
        ),
        { numRuns: 1500 }
      )
    })

    it('keeps the contract under several mutations at once', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: own.length - 1 }),
          fc.array(
            fc.record({
              pick: fc.nat(),
              op: fc.constantFrom('replace' as const, 'delete' as const, 'extend' as const),
              value: edgeOrJson(1),
            }),
            { minLength: 2, maxLength: 6 }
          ),
          (i, steps) => {
            const { doc, fixture } = own[i]!
            let current = doc
            for (const step of steps) {
              const paths = pathsOf(current)
              current = mutate(current, paths[step.pick % paths.length]!, step.op, step.value)
            }
            checkContract(vendor, current, fixture.tenant)
          }
        ),
        { numRuns: 500 }
      )
    })

    it('rejects arbitrary JSON with a PayloadError, never another error', () => {
      fc.assert(
        fc.property(fc.jsonValue() as fc.Arbitrary<Json>, (value) => {
          checkContract(vendor, value, 'default')
        }),
        { numRuns: 500 }
      )
    })
  }
)
