import type { Registry } from '../src/adapter/index.ts'
import { helpcrunch } from './helpcrunch/index.ts'
import { intercom } from './intercom/index.ts'
import { plain } from './plain/index.ts'
import { zendesk } from './zendesk/index.ts'

/**
 * Every vendor Switchboard accepts. Adding a vendor = one folder under `adapters/` + one line here;
 * the routes, configuration, telemetry labels, CLI and generated docs all iterate this list.
 */
export const adapters: Registry = [plain, helpcrunch, zendesk, intercom]
