import { describe, expect, it } from 'vitest'
import {
  HEADER_BYTES,
  decodeEntry,
  encodeEntry,
  entryBytes,
  parseSegmentName,
  segmentName,
} from './format.ts'

const encoded = (payload: string, seq = 7, appendedAt = 1_735_689_600_000) => {
  const bytes = Buffer.from(payload)
  const data = Buffer.alloc(entryBytes(bytes.length))
  expect(encodeEntry(data, 0, seq, appendedAt, bytes)).toBe(data.length)
  return data
}

describe('entry format', () => {
  it('round-trips seq, appendedAt and payload, including seqs past 2^32', () => {
    const data = encoded('{"hello":"world"}', 2 ** 40 + 3)
    expect(decodeEntry(data, 0)).toMatchObject({
      kind: 'entry',
      seq: 2 ** 40 + 3,
      appendedAt: 1_735_689_600_000,
      end: data.length,
    })
    const entry = decodeEntry(data, 0)
    expect(entry.kind === 'entry' && entry.payload.toString()).toBe('{"hello":"world"}')
  })

  it('round-trips an empty payload', () => {
    expect(decodeEntry(encoded(''), 0)).toMatchObject({ kind: 'entry', end: HEADER_BYTES })
  })

  it.each([
    { case: 'a header cut short', damage: (d: Buffer) => d.subarray(0, 20), kind: 'short-header' },
    {
      case: 'a payload cut short',
      damage: (d: Buffer) => d.subarray(0, d.length - 1),
      kind: 'short-payload',
    },
    {
      case: 'a flipped length bit',
      damage: (d: Buffer) => (d.writeUInt8(d[1]! ^ 1, 1), d),
      kind: 'bad-header',
    },
    {
      case: 'a flipped seq bit',
      damage: (d: Buffer) => (d.writeUInt8(d[17]! ^ 4, 17), d),
      kind: 'bad-header',
    },
    { case: 'a wrong magic', damage: (d: Buffer) => (d.writeUInt8(0, 0), d), kind: 'bad-header' },
    {
      case: 'a flipped payload bit',
      damage: (d: Buffer) => (d.writeUInt8(d.at(-1)! ^ 1, d.length - 1), d),
      kind: 'bad-payload',
    },
    { case: 'zeros', damage: (d: Buffer) => Buffer.alloc(d.length), kind: 'bad-header' },
  ])('reports $case as $kind', ({ damage, kind }) => {
    expect(decodeEntry(damage(encoded('payload')), 0).kind).toBe(kind)
  })

  it('names segments after their first seq, so names sort in seq order', () => {
    expect(segmentName(1)).toBe('00000000000000000001.wal')
    expect(parseSegmentName(segmentName(12_345))).toBe(12_345)
    expect(segmentName(9) < segmentName(10)).toBe(true)
    expect(parseSegmentName('cursor')).toBeUndefined()
    expect(parseSegmentName('1.wal')).toBeUndefined()
  })
})
