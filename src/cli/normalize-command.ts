import { PayloadError } from '../errors.ts'
import { normalize } from '../pipeline.ts'
import {
  firstLine,
  parseCommandArgs,
  readInput,
  rejectExtraArguments,
  vendorChoice,
  type CliCommand,
} from './io.ts'
import { requireAdapter } from './signed-request.ts'

/**
 * `switchboard normalize <vendor> [FILE] [--tenant NAME]`: one webhook body (FILE or stdin) → each
 * canonical event as one line of CloudEvents structured-mode JSON. No signature is checked.
 * Exit codes: 0 mapped or deliberately ignored (then stdout is empty and stderr says why),
 * 1 the input is unreadable, not JSON or not a webhook of that vendor, 2 bad usage.
 */
export const normalizeCommand: CliCommand = {
  name: 'normalize',
  summary: 'map one webhook body to canonical events (no signature check)',
  usage: (registry) =>
    `usage: switchboard normalize ${vendorChoice(registry)} [FILE|-] [--tenant NAME]`,
  async run(args, io, registry) {
    const { values, positionals } = parseCommandArgs(args, { tenant: { type: 'string' } })
    const [vendor, file, ...extra] = positionals
    rejectExtraArguments(extra)
    const adapter = requireAdapter(registry, vendor)
    let body: Uint8Array
    try {
      body = await readInput(file, io)
    } catch (error) {
      io.stderr(`switchboard: ${firstLine(error)}`)
      return 1
    }
    try {
      const result = normalize(adapter, { body: body, tenant: values.tenant ?? 'default' })
      if (result.status === 'ignored') {
        io.stderr(`ignored ${result.meta.eventType} (${result.meta.eventId}): ${result.reason}`)
        return 0
      }
      for (const event of result.events) io.stdout(JSON.stringify(event))
      return 0
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error
      io.stderr(`switchboard: ${firstLine(error)}`)
      return 1
    }
  },
}
