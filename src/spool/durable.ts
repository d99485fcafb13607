import { open, type FileHandle } from 'node:fs/promises'

/**
 * Counts the fdatasync/fsync calls a spool makes: the cost group commit exists to amortise, and
 * a metric worth exporting (appends per fsync).
 */
export interface SyncCounter {
  fsyncs: number
}

/** fdatasync: the data, and the file size it needs, are on stable storage when it resolves. */
export async function datasync(handle: FileHandle, counter: SyncCounter): Promise<void> {
  await handle.datasync()
  counter.fsyncs++
}

/**
 * fsyncs a directory, making the creation, renaming or deletion of its entries durable
 * (fdatasync on a file does not cover its name in the directory).
 */
export async function syncDir(dir: string, counter: SyncCounter): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
    counter.fsyncs++
  } finally {
    await handle.close()
  }
}

/** Writes all of `data` at `position`; `write` may write less than asked. */
export async function writeAll(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done)
    done += bytesWritten
  }
}

/** Reads bytes `[start, end)` of a file. */
export async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const data = Buffer.allocUnsafe(end - start)
    let done = 0
    while (done < data.length) {
      const { bytesRead } = await handle.read(data, done, data.length - done, start + done)
      if (bytesRead === 0) throw new Error(`${path} ends before byte ${end}`)
      done += bytesRead
    }
    return data
  } finally {
    await handle.close()
  }
}
