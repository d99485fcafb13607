import { open, readFile } from 'node:fs/promises'
import type { Logger } from '../log.ts'
import { datasync, type SyncCounter } from './durable.ts'
import { SpoolCorruptError } from './errors.ts'
import { MAX_BATCH_BYTES, decodeEntry, describeDamage, type Decoded } from './format.ts'
import type { Segment } from './segments.ts'

/** A segment as read from disk. */
export type ScannedSegment = Pick<Segment, 'firstSeq' | 'size' | 'offsets' | 'appendedAt'>

/**
 * Reads and checks every entry of a segment: intact, and numbered `firstSeq`, `firstSeq + 1`, ….
 * Damage at the end of the last segment that a crash can explain (see {@link isTornTail}) is cut
 * off, durably, and logged: it belongs to a batch whose appends never resolved. Any other damage
 * throws `SpoolCorruptError` with the file and offset.
 */
export async function scanSegment(
  path: string,
  firstSeq: number,
  isLast: boolean,
  logger: Logger,
  counter: SyncCounter
): Promise<ScannedSegment> {
  const data = await readFile(path)
  const offsets: number[] = []
  const appendedAt: number[] = []
  let at = 0
  while (at < data.length) {
    const entry = decodeEntry(data, at)
    if (entry.kind === 'entry') {
      const expected = firstSeq + offsets.length
      if (entry.seq !== expected) {
        throw new SpoolCorruptError(path, at, `entry has seq ${entry.seq}, expected ${expected}`)
      }
      offsets.push(at)
      appendedAt.push(entry.appendedAt)
      at = entry.end
      continue
    }
    if (!isLast || !isTornTail(entry, at, data.length)) {
      throw new SpoolCorruptError(path, at, describeDamage(entry.kind))
    }
    logger.log('warn', 'spool: cutting off a torn tail (appends that were never acknowledged)', {
      file: path,
      offset: at,
      droppedBytes: data.length - at,
      damage: describeDamage(entry.kind),
    })
    await truncate(path, at, counter)
    break
  }
  return { firstSeq, size: at, offsets, appendedAt }
}

/**
 * Whether damage at `at` in a file of `size` bytes can be the last batch, torn by a crash before
 * its fdatasync returned. Every earlier batch was fsynced, and a batch is at most
 * `MAX_BATCH_BYTES` or one larger entry, so a torn batch starts within `MAX_BATCH_BYTES` of the
 * end, or is one entry whose intact header says it reaches the end. The page cache writes a
 * batch's pages back in any order, so intact entries may follow the damage; they are dropped too.
 *
 * The limit of this rule: damage to acknowledged entries within the last `MAX_BATCH_BYTES` of the
 * last segment (a disk fault, not a crash) is cut off as a torn tail too. It is logged.
 */
function isTornTail(entry: Exclude<Decoded, { kind: 'entry' }>, at: number, size: number): boolean {
  switch (entry.kind) {
    case 'short-header':
    case 'short-payload':
      return true
    case 'bad-payload':
      return entry.end === size || size - at <= MAX_BATCH_BYTES
    case 'bad-header':
      return size - at <= MAX_BATCH_BYTES
  }
}

async function truncate(path: string, size: number, counter: SyncCounter): Promise<void> {
  const handle = await open(path, 'r+')
  try {
    await handle.truncate(size)
    await datasync(handle, counter) // covers the new size: it is needed to read the data back
  } finally {
    await handle.close()
  }
}
