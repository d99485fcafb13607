import { SpanStatusCode, type Span } from '@opentelemetry/api'
import { ATTR_ERROR_TYPE } from './attributes.ts'

/** Marks `span` failed: `error.type` = the error's class (`_OTHER` for a non-Error), an error status with `message`. */
function failSpan(span: Span, error: unknown, message: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, error instanceof Error ? error.name : '_OTHER')
  span.setStatus({ code: SpanStatusCode.ERROR, message })
}

/**
 * `failSpan` plus the exception event (name, message, stack). Only for errors whose message holds
 * no secret and no payload text (kafkajs errors, `RecordError`, a consumer's own handler errors).
 */
export function recordSpanError(span: Span, error: unknown, fallbackMessage: string): void {
  const failure = error instanceof Error ? error : new Error(fallbackMessage)
  span.recordException(failure)
  failSpan(span, error, failure.message)
}
