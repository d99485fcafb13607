/** Small process helpers for the bench scripts: run a command, read /proc. */
import { execFile, execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { promisify } from 'node:util'

/** Runs a command to completion; rejects with its stderr when it fails. */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string } = {}
): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(command, [...args], {
      ...options,
      maxBuffer: 16 << 20,
    })
    return stdout
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? ''
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr || String(error)}`, {
      cause: error,
    })
  }
}

/** Memory of a process from /proc/<pid>/status, in MiB (NaN once it is gone). */
export function memoryOf(pid: number): { rssMiB: number; hwmMiB: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (field: string) =>
      Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
    return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 }
  } catch {
    return { rssMiB: NaN, hwmMiB: NaN }
  }
}

const commandOutput = (command: string, args: string[] = []) =>
  execFileSync(command, args, { encoding: 'utf8' }).trim()

let clockTicks: number | undefined

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux in practice). */
function ticksPerSecond(): number {
  clockTicks ??= (() => {
    try {
      const value = Number(commandOutput('getconf', ['CLK_TCK']))
      return Number.isFinite(value) && value > 0 ? value : 100
    } catch {
      return 100
    }
  })()
  return clockTicks
}

/** CPU time (user + system) of a process from /proc/<pid>/stat, in milliseconds (NaN once gone). */
export function cpuMsOf(pid: number): number {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return NaN
  }
  // The fields after the command name, which is in parentheses and may hold spaces: utime and
  // stime (fields 14 and 15 of the line) are the 12th and 13th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond()
}

/** `nproc`: the processors this process may use. */
export function coreCount(): number {
  try {
    return Number(commandOutput('nproc'))
  } catch {
    return availableParallelism()
  }
}
