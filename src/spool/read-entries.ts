import { readRange } from './durable.ts'
import { SpoolCorruptError } from './errors.ts'
import { HEADER_BYTES, decodeEntry, describeDamage } from './format.ts'
import type { SegmentIndex } from './segments.ts'

/** One spooled entry, as `peek` returns it. */
export interface SpoolEntry {
  /** Position in acceptance order: 1, 2, 3, … across restarts, never reused. */
  readonly seq: number
  /** The appended bytes (a view into a buffer read for this call). */
  readonly payload: Uint8Array
  /** When `append` was called, ms since the epoch. */
  readonly appendedAt: number
}

/**
 * Reads committed entries from `from` on, oldest first: at most `maxEntries`, and no more payload
 * bytes than `maxPayloadBytes` (but always one, if there is one). One read per segment touched;
 * every entry is checked again, so damage since open is reported, not returned.
 */
export async function readEntries(
  index: SegmentIndex,
  from: number,
  maxEntries: number,
  maxPayloadBytes: number
): Promise<SpoolEntry[]> {
  const entries: SpoolEntry[] = []
  let payloadBytes = 0
  let seq = from
  while (entries.length < maxEntries && seq <= index.lastSeq) {
    // Choose the range synchronously: the writer may append to the segment while we read it.
    const { segment, index: first } = index.locate(seq)
    const start = segment.offsets[first] ?? 0
    let end = start
    let n = 0
    let full = false
    for (let i = first; i < segment.offsets.length && entries.length + n < maxEntries; i++) {
      const next = segment.offsets[i + 1] ?? segment.size
      const bytes = next - end - HEADER_BYTES
      if (entries.length + n > 0 && payloadBytes + bytes > maxPayloadBytes) {
        full = true
        break
      }
      payloadBytes += bytes
      end = next
      n++
    }
    const data = await readRange(segment.path, start, end)
    for (let at = 0, k = 0; k < n; k++) {
      const entry = decodeEntry(data, at)
      if (entry.kind !== 'entry' || entry.seq !== seq) {
        const detail =
          entry.kind === 'entry' ? `seq ${entry.seq}, expected ${seq}` : describeDamage(entry.kind)
        throw new SpoolCorruptError(segment.path, start + at, detail)
      }
      entries.push({ seq, payload: entry.payload, appendedAt: entry.appendedAt })
      at = entry.end
      seq++
    }
    if (full) break
  }
  return entries
}
