/** Small process helpers for the bench scripts: run a command, read /proc. */
import { execFile, execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
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
  return statCpuMs(`/proc/${pid}/stat`)
}

/** utime + stime of a /proc `stat` file, in milliseconds (NaN once it is gone). */
function statCpuMs(path: string): number {
  let stat: string
  try {
    stat = readFileSync(path, 'utf8')
  } catch {
    return NaN
  }
  // The fields after the command name, which is in parentheses and may hold spaces: utime and
  // stime (fields 14 and 15 of the line) are the 12th and 13th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond()
}

/**
 * CPU time of one process's threads in milliseconds, summed by thread name
 * (`/proc/<pid>/task/<tid>/comm`): Node's `MainThread` runs JavaScript, its `V8Worker`s run
 * concurrent garbage collection and compilation, `libuv-worker`s the thread pool (crypto, zlib,
 * files). A thread that ended is no longer counted; `{}` once the process is gone.
 */
export function threadCpuMs(pid: number): Record<string, number> {
  const byName: Record<string, number> = {}
  for (const { name, ms } of threadsOf(pid).values()) byName[name] = (byName[name] ?? 0) + ms
  return byName
}

/** Each thread of a process by id: its name and CPU time in milliseconds (empty once gone). */
export function threadsOf(pid: number): Map<string, { name: string; ms: number }> {
  const threads = new Map<string, { name: string; ms: number }>()
  let tids: string[]
  try {
    tids = readdirSync(`/proc/${pid}/task`)
  } catch {
    return threads
  }
  for (const tid of tids) {
    let name: string
    try {
      name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
    } catch {
      continue
    }
    const ms = statCpuMs(`/proc/${pid}/task/${tid}/stat`)
    if (Number.isFinite(ms)) threads.set(tid, { name, ms })
  }
  return threads
}

/**
 * The thread of `pid` that used the most CPU between two {@link threadsOf} readings, and how
 * much, in ms. For a Node server it is the main thread, the one that runs JavaScript: near a whole
 * core, it is what bounds the server's rate, whatever the machine's idle time.
 */
export function busiestThread(
  before: ReadonlyMap<string, { name: string; ms: number }>,
  after: ReadonlyMap<string, { name: string; ms: number }>
): { name: string; ms: number } | undefined {
  let busiest: { name: string; ms: number } | undefined
  for (const [tid, { name, ms }] of after) {
    const used = ms - (before.get(tid)?.ms ?? 0)
    if (busiest === undefined || used > busiest.ms) busiest = { name, ms: used }
  }
  return busiest
}

/** `nproc`: the processors this process may use. */
export function coreCount(): number {
  try {
    return Number(commandOutput('nproc'))
  } catch {
    return availableParallelism()
  }
}

/**
 * `pid` and every process below it (children first found through `/proc/<pid>/task/*\/children`),
 * so a server that forks workers is measured whole; `[pid]` alone when /proc has no such files.
 */
export function processTree(pid: number): number[] {
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) {
    let tasks: string[]
    try {
      tasks = readdirSync(`/proc/${tree[i]!}/task`)
    } catch {
      continue
    }
    for (const task of tasks) {
      try {
        const children = readFileSync(`/proc/${tree[i]!}/task/${task}/children`, 'utf8')
        for (const child of children.split(' ').filter(Boolean)) tree.push(Number(child))
      } catch {
        // the task ended meanwhile
      }
    }
  }
  return tree
}

/** {@link cpuMsOf} summed over {@link processTree} (a child that ended is no longer counted). */
export function treeCpuMs(pid: number): number {
  return processTree(pid)
    .map(cpuMsOf)
    .reduce((sum, ms) => sum + (Number.isFinite(ms) ? ms : 0), 0)
}

/**
 * {@link memoryOf} summed over {@link processTree}: for one process its own figures; for several,
 * the sum of their peaks is an upper bound of the tree's peak (they need not peak together).
 */
export function treeMemory(pid: number): { rssMiB: number; hwmMiB: number } {
  const each = processTree(pid)
    .map(memoryOf)
    .filter((m) => Number.isFinite(m.rssMiB))
  if (each.length === 0) return { rssMiB: NaN, hwmMiB: NaN }
  return {
    rssMiB: each.reduce((sum, m) => sum + m.rssMiB, 0),
    hwmMiB: each.reduce((sum, m) => sum + m.hwmMiB, 0),
  }
}

/** The processor's model name from /proc/cpuinfo (`unknown` without it). */
export function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** The clock ticks per second used for /proc's CPU times (`getconf CLK_TCK`). */
export const clockTicksPerSecond = (): number => ticksPerSecond()

/** The machine's CPU time in clock ticks from /proc/stat (all CPUs): idle (idle + iowait) and total. */
export interface MachineTicks {
  readonly idle: number
  readonly total: number
}

/** Reads {@link MachineTicks} (zeros when /proc/stat cannot be read). */
export function machineTicks(): MachineTicks {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? ''
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const [, ...values] = line.trim().split(/\s+/)
    const ticks = values.slice(0, 8).map(Number)
    return {
      idle: (ticks[3] ?? 0) + (ticks[4] ?? 0),
      total: ticks.reduce((sum, t) => sum + (Number.isFinite(t) ? t : 0), 0),
    }
  } catch {
    return { idle: 0, total: 0 }
  }
}

/** The share of the machine's CPU time (all cores) that was idle between two readings, 0 to 1. */
export function idleShare(before: MachineTicks, after: MachineTicks): number {
  const total = after.total - before.total
  return total > 0 ? (after.idle - before.idle) / total : NaN
}
