import type { Registry } from '../adapter/contract.ts'
import { UsageError, type CliCommand, type CliIo } from './io.ts'
import { deadLettersCommand } from './dead-letters-command.ts'
import { normalizeCommand } from './normalize-command.ts'
import { replayCommand } from './replay-command.ts'
import { sendCommand } from './send-command.ts'
import { signCommand } from './sign-command.ts'
import { tailCommand } from './tail-command.ts'
import { validateCommand } from './validate-command.ts'

export type { CliIo } from './io.ts'

/** The commands, in the order `--help` lists them. */
const COMMANDS: readonly CliCommand[] = [
  normalizeCommand,
  signCommand,
  sendCommand,
  validateCommand,
  tailCommand,
  deadLettersCommand,
  replayCommand,
]

const isHelp = (arg: string) => arg === '--help' || arg === '-h'

/** `switchboard --help`: every command's usage and summary, then the global options. */
export function usage(registry: Registry): string {
  return [
    'usage: switchboard <command> [options]',
    '',
    ...COMMANDS.flatMap((command) => [
      `  ${command.summary}`,
      ...command
        .usage(registry)
        .replace(/^usage: /, '')
        .split('\n')
        .map((line) => `    ${line.replace(/^ {7}/, '')}`),
    ]),
    '',
    '  switchboard --version | --help | <command> --help',
  ].join('\n')
}

/**
 * `switchboard <command> …`: dispatches to the command of that name with the registry's vendors.
 * `--version` prints the version, `--help` (or `<command> --help`) the usage, both exit 0; bad usage
 * prints one reason and the usage on stderr and exits 2. Otherwise the command's exit code.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  registry: Registry
): Promise<number> {
  const [name, ...args] = argv
  if (name === '--version' || name === '-v') {
    io.stdout(io.version ?? 'unknown')
    return 0
  }
  if (name !== undefined && isHelp(name)) {
    io.stdout(usage(registry))
    return 0
  }
  const command = COMMANDS.find((each) => each.name === name)
  if (!command) {
    if (name !== undefined) io.stderr(`switchboard: unknown command "${name}"`)
    io.stderr(usage(registry))
    return 2
  }
  if (args.some(isHelp)) {
    io.stdout(command.usage(registry))
    return 0
  }
  try {
    return await command.run(args, io, registry)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr(`switchboard ${command.name}: ${error.message}`)
    io.stderr(command.usage(registry))
    return 2
  }
}
