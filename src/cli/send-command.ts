import { STATUS_CODES } from 'node:http'
import {
  firstLine,
  parseCommandArgs,
  rejectExtraArguments,
  UsageError,
  vendorChoice,
  type CliCommand,
} from './io.ts'
import { signedRequest } from './signed-request.ts'

/** How long `send` waits for an answer before it gives up (a transport error, exit 1). */
const SEND_TIMEOUT_MS = 30_000

/**
 * `switchboard send <vendor> FILE|- [--url URL] [--account NAME] [--secret S]`: signs as `sign`
 * does and POSTs the signed body to `<url>/webhooks/<vendor>[/<account>]` (default URL: the local
 * bridge, `http://127.0.0.1:$PORT`, 8080); prints the HTTP status and
 * the answer. Exit 0 on 2xx, 1 on any other status, unreadable input or a transport error (one
 * line), 2 bad usage.
 */
export const sendCommand: CliCommand = {
  name: 'send',
  summary: 'sign a body and POST it to a running bridge',
  usage: (registry) =>
    `usage: switchboard send ${vendorChoice(registry)} FILE|- [--url URL] [--account NAME] [--secret S]`,
  async run(args, io, registry) {
    const { values, positionals } = parseCommandArgs(args, {
      url: { type: 'string' },
      secret: { type: 'string' },
      account: { type: 'string' },
    })
    const [vendor, file, ...extra] = positionals
    rejectExtraArguments(extra)
    // Without --url: the bridge `npm start` runs on this machine, at PORT (8080) as it reads it.
    const url = values.url ?? `http://127.0.0.1:${(io.env ?? process.env)['PORT'] ?? '8080'}`
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new UsageError(`--url is not an http(s) URL: ${url}`)
    }
    let request
    try {
      request = await signedRequest(
        { vendor, file, account: values.account, secret: values.secret },
        io,
        registry
      )
    } catch (error) {
      if (error instanceof UsageError) throw error
      io.stderr(`switchboard: ${firstLine(error)}`)
      return 1
    }
    const { adapter, account, signed } = request
    // `/webhooks/<vendor>` serves the default account; a named one has its own route.
    const route =
      account === 'default' ? adapter.vendor : `${adapter.vendor}/${encodeURIComponent(account)}`
    const target = `${url.replace(/\/+$/, '')}/webhooks/${route}`
    let response: Response
    let answer: string
    try {
      response = await (io.fetch ?? fetch)(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed.headers },
        body: signed.body,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      })
      answer = await response.text()
    } catch (error) {
      io.stderr(`switchboard: POST ${target} failed: ${transportReason(error)}`)
      return 1
    }
    // The standard reason phrase: HTTP/2 and some servers send none.
    io.stdout(`${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd())
    if (answer !== '') io.stdout(answer.trimEnd())
    return response.ok ? 0 : 1
  },
}

/** fetch rejects with "fetch failed"; the reason (`ECONNREFUSED`, a timeout) is in its cause. */
function transportReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined
  const code = (cause as { code?: unknown } | undefined)?.code
  if (typeof code === 'string') return code
  return firstLine(cause ?? error)
}
