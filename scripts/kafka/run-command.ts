import { spawn } from 'node:child_process'

/** What a finished command left behind. */
export type CommandResult = {
  /** Exit code, or `null` when the process was ended by a signal. */
  code: number | null
  /** Standard output and standard error, interleaved as they arrived. */
  output: string
}

/**
 * Runs `command args…` to completion without a shell, collecting its output.
 * Rejects only when the process cannot be started (e.g. the executable is not installed);
 * a non-zero exit is reported through {@link CommandResult.code}.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string } = {}
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.once('error', (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'ENOENT' ? ` (is ${command} installed and on PATH?)` : ''
      reject(new Error(`cannot run ${command}${hint}: ${error.message}`, { cause: error }))
    })
    child.once('close', (code) => {
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') })
    })
  })
}
