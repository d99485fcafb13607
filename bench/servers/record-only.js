// A preload for the `switchboard-record-only` bench variant, loaded before the production command's
// own (`node --import <this> --import ./src/telemetry/register.js src/main.js`): the SDK's batch
// span processor drops every span as it ends. Spans are still made, recorded and ended as in
// production (same sampler, attributes, links and context), and none is queued, serialised or
// sent: the variant measures what recording costs apart from exporting (docs/telemetry.md, Cost).
// Plain JavaScript so that the compiled app it runs with loads no TypeScript stripper; it resolves
// the same `@opentelemetry/sdk-trace` module the SDK uses, from the project's node_modules.
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace'

BatchSpanProcessor.prototype.onEnd = function onEnd() {}
