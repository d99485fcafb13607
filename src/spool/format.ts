import { crc32 } from 'node:zlib'

/*
 * One entry on disk, integers little-endian:
 *
 *   offset  bytes  field
 *        0      1  magic 0xB1: this layout, version 1 (a new layout takes a new magic)
 *        1      4  payload length
 *        5      4  CRC-32 of the payload
 *        9      8  appendedAt, ms since the epoch
 *       17      8  seq
 *       25      4  CRC-32 of bytes 0–24: a length cut by a crash is told apart from a bit flip
 *       29      n  payload
 *
 * Entries follow each other with no padding in segment files named after their first seq.
 */

/** First byte of every entry. */
export const ENTRY_MAGIC = 0xb1
/** Bytes before the payload. */
export const HEADER_BYTES = 29
/** Largest payload the length field can hold. */
export const MAX_PAYLOAD_BYTES = 0xffff_ffff
/**
 * Largest group commit (one write, one fdatasync), unless a single entry is larger. Recovery relies
 * on it: a crash can only tear the last batch, so it lies within this many bytes of the file's end.
 */
export const MAX_BATCH_BYTES = 1024 * 1024

const TWO_32 = 2 ** 32

/** Bytes an entry with this payload takes on disk. */
export const entryBytes = (payloadBytes: number): number => HEADER_BYTES + payloadBytes

/** Encodes one entry into `target` at `at`; returns the offset just past it. */
export function encodeEntry(
  target: Buffer,
  at: number,
  seq: number,
  appendedAt: number,
  payload: Uint8Array
): number {
  target[at] = ENTRY_MAGIC
  target.writeUInt32LE(payload.byteLength, at + 1)
  target.writeUInt32LE(crc32(payload), at + 5)
  writeU64(target, appendedAt, at + 9)
  writeU64(target, seq, at + 17)
  target.writeUInt32LE(crc32(target.subarray(at, at + 25)), at + 25)
  target.set(payload, at + HEADER_BYTES)
  return at + HEADER_BYTES + payload.byteLength
}

/** What is found at an offset: an intact entry, or how it is damaged. */
export type Decoded =
  | {
      readonly kind: 'entry'
      readonly seq: number
      readonly appendedAt: number
      readonly payload: Buffer
      readonly end: number
    }
  /** Fewer than `HEADER_BYTES` left before the end. */
  | { readonly kind: 'short-header' }
  /** Wrong magic or header CRC. */
  | { readonly kind: 'bad-header' }
  /** An intact header whose payload runs past the end. */
  | { readonly kind: 'short-payload' }
  /** An intact header, a payload that fails its CRC; `end` is where it claims to stop. */
  | { readonly kind: 'bad-payload'; readonly end: number }

/** Decodes and checks the entry at `at` in `data`; the payload is a view into `data`. */
export function decodeEntry(data: Buffer, at: number): Decoded {
  if (data.length - at < HEADER_BYTES) return { kind: 'short-header' }
  if (
    data[at] !== ENTRY_MAGIC ||
    crc32(data.subarray(at, at + 25)) !== data.readUInt32LE(at + 25)
  ) {
    return { kind: 'bad-header' }
  }
  const start = at + HEADER_BYTES
  const end = start + data.readUInt32LE(at + 1)
  if (end > data.length) return { kind: 'short-payload' }
  const payload = data.subarray(start, end)
  if (crc32(payload) !== data.readUInt32LE(at + 5)) return { kind: 'bad-payload', end }
  return {
    kind: 'entry',
    seq: readU64(data, at + 17),
    appendedAt: readU64(data, at + 9),
    payload,
    end,
  }
}

/** What a damaged entry looks like, for errors and logs. */
export const describeDamage = (kind: Exclude<Decoded['kind'], 'entry'>): string =>
  ({
    'short-header': 'header cut short by the end of the file',
    'bad-header': 'entry header fails its magic or CRC check',
    'short-payload': 'payload cut short by the end of the file',
    'bad-payload': 'payload fails its CRC check',
  })[kind]

/** `00000000000000000001.wal`: 20 digits sort by name in seq order. */
export const segmentName = (firstSeq: number): string => `${String(firstSeq).padStart(20, '0')}.wal`

/** The first seq a segment file name stands for, or `undefined` for any other file. */
export function parseSegmentName(name: string): number | undefined {
  const match = /^(\d{20})\.wal$/.exec(name)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

// Seqs and ms timestamps stay below 2^53, so two u32 halves avoid a BigInt per entry.
function writeU64(target: Buffer, value: number, at: number): void {
  target.writeUInt32LE(value % TWO_32, at)
  target.writeUInt32LE(Math.floor(value / TWO_32), at + 4)
}

function readU64(data: Buffer, at: number): number {
  return data.readUInt32LE(at + 4) * TWO_32 + data.readUInt32LE(at)
}
