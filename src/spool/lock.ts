import { link, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../log.ts'
import { SpoolLockedError } from './errors.ts'

/** The lock file: the owner's pid and a newline. */
export const LOCK_FILE = 'lock'

/** Directories this process holds, so a second `open` in the same process is refused too. */
const held = new Set<string>()

/** A held spool lock. */
export interface SpoolLock {
  /** Removes the lock file, if it is still ours. */
  release(): Promise<void>
}

/**
 * Takes the exclusive lock of `dir` (an absolute path). The lock file is written under a private
 * name and hard-linked into place, which fails if one exists, so no reader ever sees it half
 * written. A lock whose pid is not running is stale and taken over; so is one holding this
 * process's own pid while this process does not hold it (a restarted container whose bridge is
 * pid 1 again). Throws `SpoolLockedError` naming the pid when a live process holds it.
 *
 * Liveness is `kill(pid, 0)`: the lock protects a directory on a local file system used within one
 * pid namespace. Two processes that find the same stale lock at the same instant may both take it.
 */
export async function acquireLock(dir: string, logger: Logger): Promise<SpoolLock> {
  if (held.has(dir)) {
    throw new SpoolLockedError(dir, process.pid, 'this process, which has it open already')
  }
  held.add(dir) // before the first await: a concurrent open in this process must see it
  const path = join(dir, LOCK_FILE)
  const temp = join(dir, `${LOCK_FILE}.${process.pid}.tmp`)
  try {
    await writeFile(temp, `${process.pid}\n`)
    for (let attempt = 1; ; attempt++) {
      try {
        await link(temp, path)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 3) throw error
      }
      const owner = await readOwner(path)
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
        throw new SpoolLockedError(dir, owner)
      }
      logger.log('warn', 'spool: taking over a stale lock', { dir, pid: owner ?? null })
      await rm(path, { force: true })
    }
  } catch (error) {
    held.delete(dir)
    throw error
  } finally {
    await rm(temp, { force: true })
  }
  return {
    async release() {
      held.delete(dir)
      if ((await readOwner(path)) === process.pid) await rm(path, { force: true })
    },
  }
}

/** The pid in a lock file; `undefined` if it is gone or holds no pid. */
async function readOwner(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0) // signal 0: checks existence and permission, sends nothing
    return true
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is running.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
