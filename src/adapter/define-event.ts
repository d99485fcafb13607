import type * as v from 'valibot'
import type { EventMapping } from './contract.ts'

/** Ties a mapping to its schema so `toCanonical` receives the schema's typed output. */
export const defineEvent = <const TSchema extends v.GenericSchema>(
  schema: TSchema,
  toCanonical: EventMapping<TSchema>['toCanonical']
): EventMapping<TSchema> => ({ schema, toCanonical })
