import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Logger } from '../log.ts'
import { SpoolLockedError } from './errors.ts'
import { LOCK_FILE } from './lock.ts'
import { Spool } from './spool.ts'
import { useTempDirs } from './testing/temp-dirs.ts'

const tempDir = useTempDirs()
const open = (dir: string, logger?: Logger) =>
  Spool.open({ dir, maxBytes: 1 << 20, ...(logger && { logger }) })
const writeLock = (dir: string, content: string) => writeFileSync(join(dir, LOCK_FILE), content)

describe('Spool lock', () => {
  it('holds the pid of the owner while open and is removed on close', async () => {
    const dir = tempDir()
    const spool = await open(dir)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`)
    await spool.close()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })

  it('refuses a second open in the same process, even a concurrent one', async () => {
    const dir = tempDir()
    const results = await Promise.allSettled([open(dir), open(dir)])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(SpoolLockedError)
      else await r.value.close()
    }
  })

  it('refuses a directory locked by another live process, naming its pid', async () => {
    const dir = tempDir()
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
    })
    try {
      const pid = other.pid!
      writeLock(dir, `${pid}\n`)
      const opened = open(dir)
      await expect(opened).rejects.toBeInstanceOf(SpoolLockedError)
      await expect(opened).rejects.toMatchObject({ pid, code: 'spool_locked' })
      await expect(opened).rejects.toThrow(`locked by process ${pid}`)
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${pid}\n`)
    } finally {
      other.kill('SIGKILL')
      await once(other, 'exit')
    }
  })

  it('takes over the lock of a process that is gone, and logs it', async () => {
    const dir = tempDir()
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    await once(gone, 'exit')
    writeLock(dir, `${gone.pid!}\n`)
    const warnings: unknown[] = []
    const spool = await open(dir, {
      log: (_level, message, fields) => warnings.push({ message, ...fields }),
    })
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`)
    expect(warnings).toEqual([expect.objectContaining({ pid: gone.pid })])
    await spool.close()
  })

  it.each([
    { case: "this process's own pid (a restarted container)", content: () => `${process.pid}\n` },
    { case: 'no pid at all', content: () => '' },
  ])('takes over a lock holding $case', async ({ content }) => {
    const dir = tempDir()
    writeLock(dir, content())
    const spool = await open(dir)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`)
    await spool.close()
  })
})
