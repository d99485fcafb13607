/** A W3C trace id: 32 lower-case hex digits, not all zero. */
const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/

/**
 * The trace viewer's URL of `traceId`: `template` (`TRACE_UI_URL`) with `{traceId}` replaced, or
 * `undefined` without a template or for a value that is not a trace id (so nothing but hex digits
 * ever lands in the link).
 */
export function traceLink(template: string | undefined, traceId: string): string | undefined {
  if (template === undefined || !TRACE_ID.test(traceId)) return undefined
  return template.replaceAll('{traceId}', traceId)
}
