import { readFileSync } from 'node:fs'
import {
  adapterFor,
  type Registry,
  type SignedWebhook,
  type VendorAdapter,
} from '../adapter/contract.ts'
import { ownValue } from '../lookup.ts'
import { readInput, UsageError, type CliIo } from './io.ts'

/** What `sign` and `send` have in common: which vendor, which account, which secret. */
export interface SignOptions {
  readonly vendor: string | undefined
  readonly file: string | undefined
  readonly account: string | undefined
  readonly secret: string | undefined
}

/** A body signed for one vendor's account, ready to print or post. */
export interface SignedRequest {
  readonly adapter: VendorAdapter
  readonly account: string
  /** The body as read; `signed.body` differs where the signer rewrites it. */
  readonly original: Uint8Array
  readonly signed: SignedWebhook
}

/** The registry's adapter for `vendor`, or a `UsageError` naming the known ones. */
export function requireAdapter(registry: Registry, vendor: string | undefined): VendorAdapter {
  const known = registry.map((each) => each.vendor).join(', ')
  if (vendor === undefined) throw new UsageError(`missing <vendor> (one of ${known})`)
  const adapter = adapterFor(registry, vendor)
  if (!adapter) throw new UsageError(`unknown vendor "${vendor}" (expected one of ${known})`)
  return adapter
}

/**
 * Reads the body (FILE or stdin) and signs it as the vendor would now: with `--secret`, or else
 * the first secret the adapter's settings read from the environment for the account (`default`
 * unless `--account`, which only account-tenancy vendors take). The secret appears in no message.
 * Throws `UsageError` (exit 2), an `Error` for unreadable input, `PayloadError` from the signer.
 */
export async function signedRequest(
  options: SignOptions,
  io: CliIo,
  registry: Registry
): Promise<SignedRequest> {
  const adapter = requireAdapter(registry, options.vendor)
  const signer = adapter.signer
  if (!signer) throw new UsageError(`${adapter.vendor} has no signer`)
  if (options.file === undefined) throw new UsageError('missing FILE (or - for stdin)')
  if (options.account !== undefined && adapter.tenancy !== 'account') {
    throw new UsageError(`${adapter.vendor} takes no --account: its bodies name their tenant`)
  }
  const account = options.account ?? 'default'
  const secret = options.secret ?? secretFromEnvironment(adapter, account, io)
  const body = await readInput(options.file, io)
  const signed = signer.sign(body, secret, io.now?.() ?? new Date())
  return { adapter, account, original: body, signed }
}

/** The first secret of `account` in the adapter's settings, as the bridge would read them. */
function secretFromEnvironment(adapter: VendorAdapter, account: string, io: CliIo): string {
  const settings = adapter.settings.parse(
    io.env ?? process.env,
    io.readFile ?? ((path) => readFileSync(path, 'utf8'))
  )
  if (!settings.ok) {
    // Each problem names its variable and never shows a secret (the settings contract).
    throw new UsageError(`${adapter.vendor} settings: ${settings.problems.join('; ')}`)
  }
  const accountSettings = ownValue(settings.accounts, account)
  if (accountSettings === undefined) {
    throw new UsageError(`no ${adapter.vendor} account "${account}" in the environment`)
  }
  const secret = adapter.signer?.secrets(accountSettings)[0]
  if (secret === undefined) {
    const variables = adapter.settings.variables
      .filter((variable) => variable.default === undefined)
      .map((variable) => variable.name)
      .join(', ')
    throw new UsageError(`no ${adapter.vendor} secret: pass --secret or set ${variables}`)
  }
  return secret
}
