import { toFilter, type DeadLetterFilter } from '../cli/dead-letter.ts'
import { UsageError } from '../cli/io.ts'
import { InvalidRequestError } from '../errors.ts'

/** The Dead letters filters as given (for the form), what they select, and how many to show. */
export interface DeadLetterQuery {
  readonly given: {
    readonly vendor?: string
    readonly reason?: string
    readonly since?: string
    readonly until?: string
  }
  readonly filter: DeadLetterFilter
  readonly limit: number
}

/** Dead letters listed when the query names no `limit`, and the most it may name. */
export const DEFAULT_LIMIT = 500
export const MAX_LIMIT = 5000

/**
 * `vendor`, `reason`, `since`, `until` (ISO 8601) and `limit` from a query string, checked by the
 * code `switchboard dead-letters` checks its options with (`toFilter`); empty values mean "any".
 * Throws `InvalidRequestError` naming the bad value's field.
 */
export function parseDeadLetterQuery(
  query: Readonly<Record<string, string | undefined>>
): DeadLetterQuery {
  const given = (name: string) => {
    const value = query[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const values = {
    vendor: given('vendor'),
    reason: given('reason'),
    since: given('since'),
    until: given('until'),
  }
  const limitText = given('limit')
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText)
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidRequestError(`limit must be an integer from 1 to ${String(MAX_LIMIT)}`)
  }
  let filter: DeadLetterFilter
  try {
    filter = toFilter(values)
  } catch (error) {
    // The CLI's messages name its options (`--since`); here they are query fields.
    if (error instanceof UsageError)
      throw new InvalidRequestError(error.message.replaceAll('--', ''))
    throw error
  }
  return {
    given: Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)),
    filter,
    limit,
  }
}
