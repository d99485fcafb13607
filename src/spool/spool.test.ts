import { open, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { HEADER_BYTES, MAX_BATCH_BYTES } from './format.ts'
import { Spool, type SpoolOptions } from './spool.ts'
import { SpoolClosedError, SpoolFullError } from './errors.ts'
import { useTempDirs } from './testing/temp-dirs.ts'

const tempDir = useTempDirs()
const bytes = (text: string) => Buffer.from(text)
const text = (payload: Uint8Array) => Buffer.from(payload).toString()
const segments = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.wal'))

const openSpool = (dir: string, options: Partial<SpoolOptions> = {}) =>
  Spool.open({ dir, maxBytes: 64 * 1024 * 1024, ...options })

describe('Spool', () => {
  it('returns appended entries in order with their payloads, seqs and times', async () => {
    let now = 1_000
    const spool = await openSpool(tempDir(), { now: () => now++ })
    const seqs = await Promise.all(['a', 'bb', '', 'dddd'].map((p) => spool.append(bytes(p))))
    expect(seqs).toEqual([1, 2, 3, 4])
    const entries = await spool.peek(10)
    expect(entries.map((e) => [e.seq, text(e.payload), e.appendedAt])).toEqual([
      [1, 'a', 1000],
      [2, 'bb', 1001],
      [3, '', 1002],
      [4, 'dddd', 1003],
    ])
    expect(spool.depth).toBe(4)
    expect(spool.bytes).toBe(4 * HEADER_BYTES + 7)
    expect(spool.oldestAppendedAt).toBe(1000)
    await spool.close()
  })

  it('resolves appends in call order, with consecutive seqs', async () => {
    const spool = await openSpool(tempDir())
    const resolved: number[] = []
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        spool.append(bytes(`#${i}`)).then(() => resolved.push(i))
      )
    )
    expect(resolved).toEqual(Array.from({ length: 300 }, (_, i) => i))
    const entries = await spool.peek(1000)
    expect(entries.map((e) => text(e.payload))).toEqual(resolved.map((i) => `#${i}`))
    await spool.close()
  })

  it('coalesces 500 concurrent appends into a few fdatasync calls (group commit)', async () => {
    const dir = tempDir()
    const probe = await open(join(dir, 'probe'), 'w')
    const datasync = vi.spyOn(
      Object.getPrototypeOf(probe) as { datasync(): Promise<void> },
      'datasync'
    )
    await probe.close()
    try {
      const spool = await openSpool(dir)
      const before = spool.fsyncs
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => spool.append(bytes(`${i}`.repeat(50))))
      )
      const fsyncs = spool.fsyncs - before
      // The first append goes alone (the writer starts at once), the rest wait for it and share.
      expect(fsyncs).toBeLessThanOrEqual(5)
      expect(datasync.mock.calls.length).toBeLessThanOrEqual(fsyncs)
      expect(spool.depth).toBe(500)
      await spool.close()
    } finally {
      datasync.mockRestore()
    }
  })

  it('caps a group commit at MAX_BATCH_BYTES', async () => {
    const spool = await openSpool(tempDir())
    const before = spool.fsyncs
    const payload = Buffer.alloc(64 * 1024)
    await Promise.all(Array.from({ length: 64 }, () => spool.append(payload)))
    // 4 MiB in batches of at most 1 MiB (+ the first alone, + one directory fsync for the segment)
    const perBatch = Math.floor(MAX_BATCH_BYTES / (payload.length + HEADER_BYTES))
    expect(spool.fsyncs - before).toBeGreaterThanOrEqual(Math.ceil(64 / perBatch))
    expect(spool.fsyncs - before).toBeLessThanOrEqual(Math.ceil(63 / perBatch) + 2)
    await spool.close()
  })

  it('refuses an append past maxBytes with SpoolFullError, and takes it again after a release', async () => {
    const entry = HEADER_BYTES + 100
    const spool = await openSpool(tempDir(), { maxBytes: 3 * entry })
    const payload = Buffer.alloc(100, 1)
    // Bytes queued but not yet written count too: the fourth concurrent append is refused.
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => spool.append(payload)))
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ])
    const refused = results[3]
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(SpoolFullError)
    await expect(spool.append(payload)).rejects.toMatchObject({ code: 'spool_full' })
    expect(spool.bytes).toBe(3 * entry)

    await spool.release(1)
    expect(spool.bytes).toBe(2 * entry)
    expect(await spool.append(payload)).toBe(4)
    await expect(spool.append(payload)).rejects.toBeInstanceOf(SpoolFullError)
    await spool.close()
  })

  it('peeks at most maxEntries and maxPayloadBytes, but always one entry', async () => {
    const spool = await openSpool(tempDir())
    for (const p of ['aaaa', 'bbbb', 'cccc', 'dddd']) await spool.append(bytes(p))
    expect((await spool.peek(2)).map((e) => e.seq)).toEqual([1, 2])
    expect((await spool.peek(10, 8)).map((e) => e.seq)).toEqual([1, 2])
    expect((await spool.peek(10, 9)).map((e) => e.seq)).toEqual([1, 2])
    expect((await spool.peek(10, 1)).map((e) => e.seq)).toEqual([1])
    expect(await spool.peek(0)).toEqual([])
    await spool.close()
  })

  it('returns nothing released, and ignores releasing what is released already', async () => {
    const spool = await openSpool(tempDir())
    for (const p of ['a', 'b', 'c']) await spool.append(bytes(p))
    await spool.release(2)
    await spool.release(1)
    expect((await spool.peek(10)).map((e) => text(e.payload))).toEqual(['c'])
    expect(spool.depth).toBe(1)
    await spool.release(3)
    expect(await spool.peek(10)).toEqual([])
    expect(spool.depth).toBe(0)
    expect(spool.bytes).toBe(0)
    expect(spool.oldestAppendedAt).toBeUndefined()
    await spool.close()
  })

  it('refuses to release past the last appended entry', async () => {
    const spool = await openSpool(tempDir())
    await spool.append(bytes('a'))
    await expect(spool.release(2)).rejects.toBeInstanceOf(RangeError)
    expect(spool.depth).toBe(1)
    await spool.close()
  })

  it('keeps unreleased entries and seqs across a restart, and forgets released ones', async () => {
    const dir = tempDir()
    const first = await openSpool(dir)
    for (const p of ['a', 'b', 'c', 'd']) await first.append(bytes(p))
    await first.release(2)
    await first.close()

    const second = await openSpool(dir)
    expect(second.depth).toBe(2)
    expect((await second.peek(10)).map((e) => [e.seq, text(e.payload)])).toEqual([
      [3, 'c'],
      [4, 'd'],
    ])
    expect(await second.append(bytes('e'))).toBe(5)
    await second.release(5)
    await second.close()

    // All released: the files go, the cursor carries the seqs on.
    const third = await openSpool(dir)
    expect(third.depth).toBe(0)
    expect(await segments(dir)).toEqual([])
    expect(await third.append(bytes('f'))).toBe(6)
    await third.close()
  })

  it('rolls segments at segmentBytes and deletes the ones fully released', async () => {
    const dir = tempDir()
    const entry = HEADER_BYTES + 100
    const spool = await openSpool(dir, { segmentBytes: 3 * entry })
    for (let i = 0; i < 10; i++) await spool.append(Buffer.alloc(100, i))
    expect(await segments(dir)).toEqual([
      '00000000000000000001.wal',
      '00000000000000000004.wal',
      '00000000000000000007.wal',
      '00000000000000000010.wal',
    ])
    expect((await spool.peek(20)).map((e) => e.payload[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])

    await spool.release(5) // segment 1 fully released, segment 4 only partly
    expect(await segments(dir)).toEqual([
      '00000000000000000004.wal',
      '00000000000000000007.wal',
      '00000000000000000010.wal',
    ])
    expect(spool.bytes).toBe(5 * entry)
    await spool.release(10) // the active segment stays until the next append moves on from it
    expect(await segments(dir)).toEqual(['00000000000000000010.wal'])
    expect(await spool.append(Buffer.alloc(100, 10))).toBe(11)
    expect(await segments(dir)).toEqual(['00000000000000000011.wal'])
    await spool.close()

    const reopened = await openSpool(dir, { segmentBytes: 3 * entry })
    expect((await reopened.peek(20)).map((e) => [e.seq, e.payload[0]])).toEqual([[11, 10]])
    await reopened.close()
  })

  it('gives an entry larger than segmentBytes a segment of its own', async () => {
    const dir = tempDir()
    const spool = await openSpool(dir, { segmentBytes: 1024 })
    await Promise.all([
      spool.append(Buffer.alloc(10)),
      spool.append(Buffer.alloc(5000)),
      spool.append(Buffer.alloc(10)),
    ])
    expect(await segments(dir)).toHaveLength(3)
    expect((await spool.peek(10)).map((e) => e.payload.length)).toEqual([10, 5000, 10])
    await spool.close()
  })

  it('finishes queued appends on close, then refuses new ones', async () => {
    const dir = tempDir()
    const spool = await openSpool(dir)
    const pending = Array.from({ length: 50 }, (_, i) => spool.append(bytes(`${i}`)))
    const closed = spool.close()
    await expect(spool.append(bytes('late'))).rejects.toBeInstanceOf(SpoolClosedError)
    await closed
    expect(await Promise.all(pending)).toHaveLength(50)
    const reopened = await openSpool(dir)
    expect(reopened.depth).toBe(50)
    await reopened.close()
  })
})

describe('Spool on I/O failures', () => {
  const fileHandlePrototype = async (dir: string) => {
    const probe = await open(join(dir, 'probe'), 'w')
    await probe.close()
    return Object.getPrototypeOf(probe) as {
      write(...args: unknown[]): Promise<unknown>
      datasync(): Promise<void>
    }
  }

  it('rejects only the batch whose write failed, cuts it off, and goes on', async () => {
    const dir = tempDir()
    const spool = await openSpool(dir)
    await spool.append(bytes('before'))
    const write = vi
      .spyOn(await fileHandlePrototype(dir), 'write')
      .mockRejectedValueOnce(Object.assign(new Error('no space left'), { code: 'ENOSPC' }))
    try {
      await expect(spool.append(bytes('refused'))).rejects.toThrow('no space left')
    } finally {
      write.mockRestore()
    }
    expect(await spool.append(bytes('after'))).toBe(2)
    await spool.close()
    const reopened = await openSpool(dir)
    expect((await reopened.peek(10)).map((e) => text(e.payload))).toEqual(['before', 'after'])
    await reopened.close()
  })

  it('stops taking appends after a failed fdatasync, and recovers on reopen', async () => {
    const dir = tempDir()
    const spool = await openSpool(dir)
    await spool.append(bytes('durable'))
    const datasync = vi
      .spyOn(await fileHandlePrototype(dir), 'datasync')
      .mockRejectedValueOnce(Object.assign(new Error('I/O error'), { code: 'EIO' }))
    try {
      // Both go in one batch: the first one waited for the segment file to be created.
      const failed = [spool.append(bytes('unknown')), spool.append(bytes('unknown too'))]
      for (const append of failed) await expect(append).rejects.toThrow('I/O error')
      await expect(spool.append(bytes('later'))).rejects.toMatchObject({
        code: 'spool_closed',
        cause: expect.objectContaining({ code: 'EIO' }),
      })
    } finally {
      datasync.mockRestore()
    }
    await spool.close()
    // 'unknown' was written but never acknowledged: it may come back (at-least-once), 'durable' must.
    const reopened = await openSpool(dir)
    const payloads = (await reopened.peek(10)).map((e) => text(e.payload))
    expect(['durable', 'unknown', 'unknown too'].slice(0, payloads.length)).toEqual(payloads)
    expect(payloads[0]).toBe('durable')
    await reopened.close()
  })
})
