import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import {
  HttpError,
  PayloadTooLargeError,
  RequestBodyError,
  RequestTimeoutError,
  type SwitchboardError,
  UnavailableError,
} from '../errors.ts'
import type { Logger } from '../log.ts'

/** The JSON error body of every non-2xx answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly reason?: string }
}

/** The JSON body of an error answer: its code, message and, where it says more than the code, its reason. */
export function errorBody(error: SwitchboardError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.reason !== error.code && { reason: error.reason }),
    },
  }
}

/**
 * Errors answered before the body was read to its end: the connection is closed after the answer,
 * so the rest of the body is neither read nor taken for the next request.
 */
const closesConnection = (error: HttpError) =>
  error instanceof PayloadTooLargeError ||
  error instanceof RequestTimeoutError ||
  error instanceof RequestBodyError

/**
 * Turns any error into the status-code contract: an `HttpError` answers its own `status` (503s
 * with `Retry-After`); anything else is a bug and answers 500 without detail.
 */
export function errorResponse(
  error: unknown,
  c: Context,
  logger: Logger,
  retryAfterSeconds: number
): Response {
  if (error instanceof HttpError) {
    if (error instanceof UnavailableError) c.header('Retry-After', String(retryAfterSeconds))
    if (closesConnection(error)) c.header('Connection', 'close')
    return c.json(errorBody(error), error.status)
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
