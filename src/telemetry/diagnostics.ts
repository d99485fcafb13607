import { diag, DiagLogLevel, type DiagLogFunction } from '@opentelemetry/api'
import {
  diagLogLevelFromString,
  loggingErrorHandler,
  setGlobalErrorHandler,
} from '@opentelemetry/core'
import { foldRepeats, type Logger, type LogLevel } from '../log.ts'

/** How long repeats of one OpenTelemetry line are folded into a single summary line. */
export const DIAGNOSTICS_FOLD_WINDOW_MS = 60_000

/** Longest text kept of one diagnostic (an exporter may put a whole response body in its error). */
const MAX_TEXT = 500

/** An error's message (never its stack), a string as it is, another object as JSON. */
function textOf(value: unknown): string {
  if (value instanceof Error) return value.message
  if (typeof value !== 'object' || value === null) return String(value)
  if ('message' in value) return String(value.message)
  try {
    return JSON.stringify(value)
  } catch {
    return '(an object that is not JSON)'
  }
}

const lineOf = (parts: readonly unknown[]) => {
  const text = parts.map(textOf).join(' ')
  return `OpenTelemetry: ${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text}`
}

/**
 * Routes OpenTelemetry's own reports into the bridge's log, folded per message (`foldRepeats`):
 * the SDK's global error handler, where failed exports end up (a collector that is down or
 * refuses), and its `diag` logger, at `OTEL_LOG_LEVEL` (default `warn`; its errors are logged at
 * warn too: telemetry failing is not the bridge failing). A missing collector therefore writes one
 * line, then one summary per minute while it stays missing, instead of nothing (the SDK's default
 * without `OTEL_LOG_LEVEL`) or one stack per export. Returns the function that restores the SDK's
 * defaults.
 */
export function routeDiagnostics(
  logger: Logger,
  options: { level?: string | undefined; windowMs?: number } = {}
): () => void {
  const folded = foldRepeats(logger, {
    source: 'OpenTelemetry',
    windowMs: options.windowMs ?? DIAGNOSTICS_FOLD_WINDOW_MS,
  })
  const at =
    (level: LogLevel): DiagLogFunction =>
    (message, ...args) => {
      folded.log(level, lineOf([message, ...args]))
    }
  diag.setLogger(
    {
      error: at('warn'),
      warn: at('warn'),
      info: at('info'),
      debug: at('debug'),
      verbose: at('debug'),
    },
    {
      logLevel: diagLogLevelFromString(options.level?.trim() || undefined) ?? DiagLogLevel.WARN,
      suppressOverrideMessage: true,
    }
  )
  setGlobalErrorHandler((error) => {
    folded.log('warn', lineOf([error]))
  })
  return () => {
    diag.disable()
    setGlobalErrorHandler(loggingErrorHandler())
  }
}
