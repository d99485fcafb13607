import { open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { datasync, syncDir, type SyncCounter } from './durable.ts'
import { SpoolCorruptError } from './errors.ts'

/** The file holding the highest released seq. */
export const CURSOR_FILE = 'cursor'
/** Where the next cursor is written before it is renamed over the old one. */
export const CURSOR_TEMP_FILE = 'cursor.tmp'

// 'SPC1' | released seq u64 LE | CRC-32 of the first 12 bytes
const MAGIC = 0x31435053
const CURSOR_BYTES = 16
const TWO_32 = 2 ** 32

/** The highest released seq, or 0 (nothing released) when there is no cursor yet. */
export async function readCursor(dir: string): Promise<number> {
  const path = join(dir, CURSOR_FILE)
  let data: Buffer
  try {
    data = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  // Written by rename, so it is whole or absent: a damaged one is damage, not a crash.
  if (
    data.length !== CURSOR_BYTES ||
    data.readUInt32LE(0) !== MAGIC ||
    crc32(data.subarray(0, 12)) !== data.readUInt32LE(12)
  ) {
    throw new SpoolCorruptError(path, 0, 'the release cursor fails its magic, length or CRC check')
  }
  return data.readUInt32LE(8) * TWO_32 + data.readUInt32LE(4)
}

/**
 * Records `released` durably and atomically: write a temporary file, fdatasync it, rename it over
 * the cursor, fsync the directory. A crash at any point leaves the old cursor or the new one.
 */
export async function writeCursor(
  dir: string,
  released: number,
  counter: SyncCounter
): Promise<void> {
  const data = Buffer.alloc(CURSOR_BYTES)
  data.writeUInt32LE(MAGIC, 0)
  data.writeUInt32LE(released % TWO_32, 4)
  data.writeUInt32LE(Math.floor(released / TWO_32), 8)
  data.writeUInt32LE(crc32(data.subarray(0, 12)), 12)
  const temp = join(dir, CURSOR_TEMP_FILE)
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(data)
    await datasync(handle, counter)
  } finally {
    await handle.close()
  }
  await rename(temp, join(dir, CURSOR_FILE))
  await syncDir(dir, counter)
}
