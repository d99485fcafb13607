import { writeFile } from 'node:fs/promises'
import {
  firstLine,
  parseCommandArgs,
  rejectExtraArguments,
  UsageError,
  vendorChoice,
  type CliCommand,
} from './io.ts'
import { signedRequest } from './signed-request.ts'

/**
 * `switchboard sign <vendor> FILE|- [--secret S] [--account NAME] [--json] [--out FILE]`: the
 * headers the vendor would send with that body, one `name: value` per line, or one JSON object.
 * Where the adapter's signer rewrites the body (a vendor that signs a delivery time in it), the
 * headers sign the rewritten bytes: `--out` writes them, and stderr says so when they differ.
 * Exit 0 signed, 1 the input is unreadable or cannot be signed, 2 bad usage (including no secret).
 */
export const signCommand: CliCommand = {
  name: 'sign',
  summary: 'print the headers a vendor would send with a body',
  usage: (registry) =>
    `usage: switchboard sign ${vendorChoice(registry)} FILE|- [--secret S] [--account NAME] [--json] [--out FILE]`,
  async run(args, io, registry) {
    const { values, positionals } = parseCommandArgs(args, {
      secret: { type: 'string' },
      account: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
    })
    const [vendor, file, ...extra] = positionals
    rejectExtraArguments(extra)
    let request
    try {
      request = await signedRequest(
        { vendor, file, account: values.account, secret: values.secret },
        io,
        registry
      )
      if (values.out !== undefined) await writeFile(values.out, request.signed.body)
    } catch (error) {
      if (error instanceof UsageError) throw error
      io.stderr(`switchboard: ${firstLine(error)}`)
      return 1
    }
    const { headers, body } = request.signed
    if (values.json) io.stdout(JSON.stringify(headers))
    else for (const [name, value] of Object.entries(headers)) io.stdout(`${name}: ${value}`)
    if (values.out === undefined && !Buffer.from(body).equals(request.original)) {
      io.stderr(
        `note: the headers sign the body as ${request.adapter.vendor} rewrites it (--out FILE writes it)`
      )
    }
    return 0
  },
}
