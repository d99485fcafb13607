import {
  appendFileSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Logger, LogLevel } from '../log.ts'
import { CURSOR_FILE, CURSOR_TEMP_FILE, writeCursor } from './cursor.ts'
import { SpoolCorruptError } from './errors.ts'
import { HEADER_BYTES, MAX_BATCH_BYTES, segmentName } from './format.ts'
import { Spool } from './spool.ts'
import { useTempDirs } from './testing/temp-dirs.ts'

const tempDir = useTempDirs()
const PAYLOAD = 100
const ENTRY = HEADER_BYTES + PAYLOAD

const recordingLogger = () => {
  const lines: { level: LogLevel; message: string; fields?: Readonly<Record<string, unknown>> }[] =
    []
  const logger: Logger = {
    log: (level, message, fields) => lines.push({ level, message, ...(fields && { fields }) }),
  }
  return { logger, lines }
}

/** A closed spool holding `count` entries of PAYLOAD bytes, the i-th filled with byte i % 256. */
async function spoolWith(count: number, segmentBytes?: number) {
  const dir = tempDir()
  const spool = await Spool.open({ dir, maxBytes: 1 << 30, ...(segmentBytes && { segmentBytes }) })
  await Promise.all(
    Array.from({ length: count }, (_, i) => spool.append(Buffer.alloc(PAYLOAD, i % 256)))
  )
  await spool.close()
  const files = (await readdir(dir)).filter((name) => name.endsWith('.wal')).sort()
  return { dir, files: files.map((name) => join(dir, name)) }
}

const flipByte = (file: string, offset: number) => {
  const data = readFileSync(file)
  data.writeUInt8(data[offset]! ^ 0x20, offset)
  writeFileSync(file, data)
}

async function reopen(dir: string, logger?: Logger) {
  const spool = await Spool.open({ dir, maxBytes: 1 << 30, ...(logger && { logger }) })
  const entries = await spool.peek(100_000)
  return { spool, seqs: entries.map((e) => e.seq), entries }
}

describe('Spool.open recovery', () => {
  it.each([
    { case: 'in the last header', keep: 4 * ENTRY + 10 },
    { case: 'right after the last header', keep: 4 * ENTRY + HEADER_BYTES },
    { case: 'in the last payload', keep: 5 * ENTRY - 1 },
  ])('cuts off an entry torn $case, logs it, and goes on from there', async ({ keep }) => {
    const { dir, files } = await spoolWith(5)
    truncateSync(files[0]!, keep)
    const { logger, lines } = recordingLogger()
    const { spool, seqs } = await reopen(dir, logger)
    expect(seqs).toEqual([1, 2, 3, 4])
    expect(statSync(files[0]!).size).toBe(4 * ENTRY)
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({
          file: files[0],
          offset: 4 * ENTRY,
          droppedBytes: keep - 4 * ENTRY,
        }),
      }),
    ])
    expect(await spool.append(Buffer.alloc(PAYLOAD, 9))).toBe(5)
    await spool.close()
    expect((await reopen(dir)).seqs).toEqual([1, 2, 3, 4, 5])
  })

  it.each([
    { case: 'zeros', tail: Buffer.alloc(4096) },
    {
      case: 'random bytes',
      tail: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)),
    },
    { case: 'a few bytes', tail: Buffer.from([0xb1, 1, 2]) },
  ])('cuts off $case appended after the last entry', async ({ tail }) => {
    const { dir, files } = await spoolWith(5)
    appendFileSync(files[0]!, tail)
    const { spool, seqs } = await reopen(dir)
    expect(seqs).toEqual([1, 2, 3, 4, 5])
    expect(statSync(files[0]!).size).toBe(5 * ENTRY)
    await spool.close()
  })

  it('cuts off a torn last batch whose later pages reached the disk and earlier ones did not', async () => {
    const { dir, files } = await spoolWith(8)
    const data = readFileSync(files[0]!)
    data.fill(0, 5 * ENTRY, 6 * ENTRY) // entry 6 lost; entries 7 and 8 intact behind it
    writeFileSync(files[0]!, data)
    const { spool, seqs } = await reopen(dir)
    expect(seqs).toEqual([1, 2, 3, 4, 5])
    await spool.close()
  })

  it('reports damage further than a batch from the end of the last segment, naming file and offset', async () => {
    const count = Math.ceil((2 * MAX_BATCH_BYTES) / ENTRY)
    const { dir, files } = await spoolWith(count)
    flipByte(files[0]!, 10 * ENTRY + HEADER_BYTES + 5) // the payload of seq 11
    const opened = Spool.open({ dir, maxBytes: 1 << 30 })
    await expect(opened).rejects.toBeInstanceOf(SpoolCorruptError)
    await expect(opened).rejects.toMatchObject({ file: files[0], offset: 10 * ENTRY })
    await expect(opened).rejects.toThrow(`${files[0]} is corrupt at offset ${10 * ENTRY}`)
    // The lock was given back: after repair the directory opens again.
    flipByte(files[0]!, 10 * ENTRY + HEADER_BYTES + 5)
    const { spool, seqs } = await reopen(dir)
    expect(seqs).toHaveLength(count)
    await spool.close()
  })

  it('reports any damage in a segment before the last, even at its end', async () => {
    const { dir, files } = await spoolWith(6, 3 * ENTRY)
    truncateSync(files[0]!, 3 * ENTRY - 1)
    await expect(Spool.open({ dir, maxBytes: 1 << 30 })).rejects.toMatchObject({
      name: 'SpoolCorruptError',
      file: files[0],
      offset: 2 * ENTRY,
    })
  })

  it('reports an entry whose seq does not follow the one before', async () => {
    const { dir, files } = await spoolWith(6, 3 * ENTRY)
    writeFileSync(join(dir, segmentName(5)), readFileSync(files[1]!))
    await expect(Spool.open({ dir, maxBytes: 1 << 30 })).rejects.toBeInstanceOf(SpoolCorruptError)
  })

  it('reports a missing segment', async () => {
    const { dir, files } = await spoolWith(9, 3 * ENTRY)
    rmSync(files[1]!)
    await expect(Spool.open({ dir, maxBytes: 1 << 30 })).rejects.toThrow(
      /starts at seq 7, but the previous one ends at 3/
    )
  })

  it('deletes segments a crash left behind after their release was recorded', async () => {
    const { dir, files } = await spoolWith(9, 3 * ENTRY)
    await writeCursor(dir, 7, { fsyncs: 0 }) // release(7) wrote the cursor, then the process died
    writeFileSync(join(dir, CURSOR_TEMP_FILE), 'half a cursor')
    const { spool, seqs } = await reopen(dir)
    expect(seqs).toEqual([8, 9])
    expect((await readdir(dir)).sort()).toEqual(['00000000000000000007.wal', CURSOR_FILE, 'lock'])
    expect(files).toHaveLength(3)
    await spool.close()
  })

  it('reports a damaged release cursor', async () => {
    const { dir } = await spoolWith(3)
    writeFileSync(join(dir, CURSOR_FILE), Buffer.alloc(16, 1))
    await expect(Spool.open({ dir, maxBytes: 1 << 30 })).rejects.toMatchObject({
      file: join(dir, CURSOR_FILE),
    })
  })

  it('reports damage that appears while the spool is open when it is read', async () => {
    const { dir, files } = await spoolWith(3)
    const spool = await Spool.open({ dir, maxBytes: 1 << 30 })
    flipByte(files[0]!, ENTRY + HEADER_BYTES)
    await expect(spool.peek(10)).rejects.toMatchObject({ file: files[0], offset: ENTRY })
    await spool.close()
  })
})
