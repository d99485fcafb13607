/**
 * The OpenTelemetry preload: `node --import ./src/telemetry/register.ts src/main.ts` (as `npm start`
 * does), so the SDK is registered before the bridge's modules load and create their tracers and
 * meters. It installs no module patches (hence no ESM loader hook): the bridge's spans are its own.
 */
import { setTelemetryRuntime } from './runtime.ts'
import { startTelemetry } from './sdk.ts'

setTelemetryRuntime(await startTelemetry())
