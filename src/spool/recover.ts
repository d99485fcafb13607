import { readdir, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../log.ts'
import { CURSOR_TEMP_FILE, readCursor } from './cursor.ts'
import { syncDir, type SyncCounter } from './durable.ts'
import { SpoolCorruptError } from './errors.ts'
import { parseSegmentName } from './format.ts'
import { scanSegment, type ScannedSegment } from './scan.ts'
import { SegmentIndex } from './segments.ts'

/**
 * Rebuilds the index of a spool directory on open: reads the release cursor, deletes segments
 * that hold only released entries (a crash came between the cursor and their deletion), and
 * checks every entry of the rest (see `scanSegment` for the torn tail). Entries must run on
 * without a gap from the cursor to the end, or `SpoolCorruptError` says what is missing.
 */
export async function recover(
  dir: string,
  logger: Logger,
  counter: SyncCounter
): Promise<SegmentIndex> {
  await rm(join(dir, CURSOR_TEMP_FILE), { force: true }) // a cursor write the crash interrupted
  const released = await readCursor(dir)
  const files = (await readdir(dir))
    .flatMap((name) => {
      const firstSeq = parseSegmentName(name)
      return firstSeq === undefined ? [] : [{ firstSeq, path: join(dir, name) }]
    })
    .sort((a, b) => a.firstSeq - b.firstSeq)

  let deleted = 0
  // The next file starting at or below released + 1 means every entry of this one is released.
  while (files.length > 1 && (files[1]?.firstSeq ?? Infinity) <= released + 1) {
    const file = files.shift()
    if (file !== undefined) await unlink(file.path)
    deleted++
  }
  const first = files[0]
  if (first !== undefined && first.firstSeq > released + 1) {
    throw new SpoolCorruptError(
      first.path,
      0,
      `entries ${released + 1} to ${first.firstSeq - 1} are missing (released up to ${released})`
    )
  }

  const scanned: (ScannedSegment & { path: string })[] = []
  let nextSeq = first?.firstSeq ?? released + 1
  for (const [i, file] of files.entries()) {
    if (file.firstSeq !== nextSeq) {
      throw new SpoolCorruptError(
        file.path,
        0,
        `file starts at seq ${file.firstSeq}, but the previous one ends at ${nextSeq - 1}`
      )
    }
    const segment = await scanSegment(
      file.path,
      file.firstSeq,
      i === files.length - 1,
      logger,
      counter
    )
    scanned.push({ ...segment, path: file.path })
    nextSeq = file.firstSeq + segment.offsets.length
  }

  const index = new SegmentIndex(released)
  if (nextSeq - 1 <= released) {
    // Everything is released: start afresh, the cursor carries the seqs on.
    for (const { path } of scanned) await unlink(path)
    deleted += scanned.length
  } else {
    for (const segment of scanned) index.addSegment(segment.path, segment)
  }
  if (deleted > 0) await syncDir(dir, counter)
  return index
}
