/** What the running OpenTelemetry SDK offers the rest of the process. */
export interface TelemetryRuntime {
  /** The current metrics as Prometheus text (for `GET /metrics`). */
  metricsText(): Promise<string>
  /** Flushes spans and metrics and shuts the SDK down (call last, after the producer). */
  shutdown(): Promise<void>
}

let current: TelemetryRuntime | undefined

/** Set once by the preload (`src/telemetry/register.ts`). */
export function setTelemetryRuntime(runtime: TelemetryRuntime | undefined): void {
  current = runtime
}

/** The SDK the preload started, or `undefined` (no preload, or `OTEL_SDK_DISABLED=true`). */
export function telemetryRuntime(): TelemetryRuntime | undefined {
  return current
}
