import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { SwitchboardError, UnavailableError } from '../errors.ts'
import type { Logger } from '../log.ts'

/** The JSON error body of every non-2xx answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly reason?: string }
}

/**
 * Turns any error into the status-code contract: a `SwitchboardError` answers its own `status`
 * (503s with `Retry-After`); anything else is a bug and answers 500 without detail.
 */
export function errorResponse(
  error: unknown,
  c: Context,
  logger: Logger,
  retryAfterSeconds: number
): Response {
  if (error instanceof SwitchboardError) {
    const reason = 'reason' in error && typeof error.reason === 'string' ? error.reason : undefined
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, ...(reason && { reason }) },
    }
    if (error instanceof UnavailableError) c.header('Retry-After', String(retryAfterSeconds))
    return c.json(body, error.status)
  }
  if (error instanceof HTTPException) return error.getResponse()
  logger.log('error', 'unhandled error', {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  })
  return c.json(
    { error: { code: 'internal', message: 'Internal Server Error' } } satisfies ErrorBody,
    500
  )
}
