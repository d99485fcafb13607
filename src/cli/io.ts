import { readFile } from 'node:fs/promises'
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import type { Registry } from '../adapter/contract.ts'
import type { ReadFile } from '../config/values.ts'

/**
 * Where a command reads and writes, and what it takes from the process: the real process in
 * `bin/switchboard.ts`, a test's buffers and fakes elsewhere. Optional members default to the process.
 */
export interface CliIo {
  readonly stdin: () => Promise<Uint8Array>
  readonly stdout: (line: string) => void
  readonly stderr: (line: string) => void
  /** The environment vendor settings are read from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Reads the files of `_FILE` variables (default: `readFileSync` as UTF-8). */
  readonly readFile?: ReadFile
  /** The HTTP client of `send` (default: the global `fetch`). */
  readonly fetch?: typeof fetch
  /** The clock a signed delivery time is taken from (default: `new Date()`). */
  readonly now?: () => Date
  /** What `--version` prints. */
  readonly version?: string
  /**
   * Calls `stop` once when the command is asked to stop (default: on SIGINT or SIGTERM); the
   * returned function removes the listener. Only long-running commands (`tail`) listen.
   */
  readonly onStop?: (stop: () => void) => () => void
}

/** One `switchboard <name>` command, in its own file; `cli.ts` dispatches to it. */
export interface CliCommand {
  readonly name: string
  /** One line for `switchboard --help`. */
  readonly summary: string
  /** The usage line(s), naming the registry's vendors where the command takes one. */
  usage(registry: Registry): string
  /** Runs with the arguments after the name; resolves to the exit code. Throws `UsageError`. */
  run(args: readonly string[], io: CliIo, registry: Registry): Promise<number>
}

/** Bad usage: the dispatcher prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The bytes of FILE, or of stdin for `-` or no FILE. Throws an `Error` naming what was unreadable. */
export async function readInput(file: string | undefined, io: CliIo): Promise<Uint8Array> {
  try {
    return file === undefined || file === '-' ? await io.stdin() : await readFile(file)
  } catch (error) {
    throw new Error(`cannot read ${file ?? 'stdin'}: ${(error as Error).message}`, { cause: error })
  }
}

/** `node:util` `parseArgs` with positionals; an unknown or malformed option is a `UsageError`. */
export function parseCommandArgs<T extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: T
) {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** Refuses positional arguments past the ones a command takes (`extra`). Throws `UsageError`. */
export function rejectExtraArguments(extra: readonly string[]): void {
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra.join(' ')}"`)
}

/** SIGINT and SIGTERM of this process, until the returned function is called. */
export function onProcessSignals(stop: () => void): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const
  for (const signal of signals) process.once(signal, stop)
  return () => {
    for (const signal of signals) process.off(signal, stop)
  }
}

/** `<a|b>`: the registry's vendors as a usage placeholder. */
export const vendorChoice = (registry: Registry): string =>
  `<${registry.map((adapter) => adapter.vendor).join('|')}>`

/** The first line of an error's message: CLI errors are one line. */
export const firstLine = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? message
}
