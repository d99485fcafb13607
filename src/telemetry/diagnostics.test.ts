import { diag } from '@opentelemetry/api'
import { globalErrorHandler } from '@opentelemetry/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LogLevel } from '../log.ts'
import { routeDiagnostics } from './diagnostics.ts'

function recording() {
  const lines: { level: LogLevel; message: string; fields?: Readonly<Record<string, unknown>> }[] =
    []
  return {
    lines,
    logger: {
      log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>) {
        lines.push({ level, message, ...(fields && { fields }) })
      },
    },
  }
}

/** What the OTLP exporter hands the SDK when no collector listens. */
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), {
    code: 'ECONNREFUSED',
    stack: 'Error: connect ECONNREFUSED 127.0.0.1:4318\n    at TCPConnectWrap.afterConnect',
  })

let restore: (() => void) | undefined
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  restore?.()
  restore = undefined
  vi.useRealTimers()
})

describe('routeDiagnostics', () => {
  it('logs a failed export at warn, once, then one summary a minute while it keeps failing', () => {
    const { lines, logger } = recording()
    restore = routeDiagnostics(logger, { windowMs: 60_000 })
    // A span export every 5 s and a metric export every 15 s, for two minutes.
    for (let s = 0; s < 120; s += 5) {
      globalErrorHandler(refused())
      if (s % 15 === 0) globalErrorHandler(refused())
      vi.advanceTimersByTime(5000)
    }
    expect(lines).toEqual([
      { level: 'warn', message: 'OpenTelemetry: connect ECONNREFUSED 127.0.0.1:4318' },
      {
        level: 'warn',
        message: 'OpenTelemetry: 15 similar lines in the last 60 s',
        fields: { repeated: 15, like: 'OpenTelemetry: connect ECONNREFUSED 127.0.0.1:4318' },
      },
      {
        level: 'warn',
        message: 'OpenTelemetry: 16 similar lines in the last 60 s',
        fields: { repeated: 16, like: 'OpenTelemetry: connect ECONNREFUSED 127.0.0.1:4318' },
      },
    ])
    expect(JSON.stringify(lines)).not.toMatch(/TCPConnectWrap|\n\s+at /)
  })

  it("routes the SDK's diag warnings and errors at warn, and drops info unless OTEL_LOG_LEVEL asks", () => {
    const { lines, logger } = recording()
    restore = routeDiagnostics(logger)
    diag.info('exporter configured')
    diag.warn('Dropped 3 spans because maxQueueSize reached')
    diag.error('export failed:', refused())
    restore()
    restore = routeDiagnostics(logger, { level: 'info' })
    diag.info('exporter configured')
    expect(lines).toEqual([
      { level: 'warn', message: 'OpenTelemetry: Dropped 3 spans because maxQueueSize reached' },
      {
        level: 'warn',
        message: 'OpenTelemetry: export failed: connect ECONNREFUSED 127.0.0.1:4318',
      },
      { level: 'info', message: 'OpenTelemetry: exporter configured' },
    ])
  })
})
