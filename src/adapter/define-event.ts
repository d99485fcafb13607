import type * as v from 'valibot'
import type { EventMapping } from './contract.ts'

/**
 * Ties a mapping to its schema so `toCanonical` (and `ignores`, for a type whose contract
 * publishes only some payloads) receives the schema's typed output.
 */
export const defineEvent = <const TSchema extends v.GenericSchema>(
  schema: TSchema,
  toCanonical: EventMapping<TSchema>['toCanonical'],
  ignores?: NonNullable<EventMapping<TSchema>['ignores']>
): EventMapping<TSchema> => (ignores ? { schema, toCanonical, ignores } : { schema, toCanonical })
