import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { adapterFor, type Registry } from '../adapter/contract.ts'
import { PayloadError } from '../errors.ts'
import { normalize } from '../pipeline.ts'

/** Where the command reads and writes; the real process or a test's buffers. */
export interface CliIo {
  readonly stdin: () => Promise<Uint8Array>
  readonly stdout: (line: string) => void
  readonly stderr: (line: string) => void
}

/** The usage line, naming the registry's vendors. */
export const usage = (registry: Registry): string =>
  `usage: switchboard normalize <${registry.map((adapter) => adapter.vendor).join('|')}> [FILE] [--tenant NAME]`

/**
 * `switchboard normalize <vendor> [FILE] [--tenant NAME]`: one webhook body (FILE or stdin) → each
 * canonical event as one line of CloudEvents structured-mode JSON. No signature is checked.
 * Exit codes: 0 mapped or deliberately ignored (then stdout is empty and stderr says why),
 * 1 the input is not JSON or not a webhook of that vendor, 2 bad usage.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  registry: Registry
): Promise<number> {
  const USAGE = usage(registry)
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { tenant: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (error) {
    io.stderr(`switchboard: ${(error as Error).message}`)
    io.stderr(USAGE)
    return 2
  }
  const [command, vendor, file, ...extra] = parsed.positionals
  if (parsed.values.help) {
    io.stdout(USAGE)
    return 0
  }
  if (command !== 'normalize' || vendor === undefined || extra.length > 0) {
    io.stderr(USAGE)
    return 2
  }
  const adapter = adapterFor(registry, vendor)
  if (!adapter) {
    const known = registry.map((each) => each.vendor).join(', ')
    io.stderr(`switchboard: unknown vendor "${vendor}" (expected one of ${known})`)
    return 2
  }
  let body: Uint8Array
  try {
    body = file === undefined || file === '-' ? await io.stdin() : await readFile(file)
  } catch (error) {
    io.stderr(`switchboard: cannot read ${file ?? 'stdin'}: ${(error as Error).message}`)
    return 1
  }
  try {
    const result = normalize(adapter, { body: body, tenant: parsed.values.tenant ?? 'default' })
    if (result.status === 'ignored') {
      io.stderr(`ignored ${result.meta.eventType} (${result.meta.eventId}): ${result.reason}`)
      return 0
    }
    for (const event of result.events) io.stdout(JSON.stringify(event))
    return 0
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error
    io.stderr(`switchboard: ${error.message.split('\n')[0] ?? error.message}`)
    return 1
  }
}
