import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api'

let provider: TracerProvider | undefined
let tracer: Tracer | undefined

/**
 * The `switchboard` tracer of the registered provider. `trace.getTracer` looks the tracer up on
 * every call (through the API's proxy, then the SDK's map of tracers by name, version and schema:
 * about 1 µs per webhook in a profile); this looks it up again only when another provider was
 * registered (a test registers its own).
 */
export function bridgeTracer(): Tracer {
  // The API's global is a proxy whose delegate is the registered SDK provider.
  const global: TracerProvider & { getDelegate?: () => TracerProvider } = trace.getTracerProvider()
  const current = global.getDelegate?.() ?? global
  if (current !== provider || tracer === undefined) {
    provider = current
    tracer = current.getTracer('switchboard')
  }
  return tracer
}
