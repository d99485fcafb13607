/**
 * patches/kafkajs+2.2.4.patch makes kafkajs encode produce records with fewer buffers and hash
 * keys without 64-bit Long objects (issue 9). These tests hold it to what it replaced: the bytes
 * kafkajs 2.2.4 wrote before the patch (golden vectors, printed by the unpatched package), a round
 * trip through kafkajs's own decoder for generated records (string and Buffer values, repeated
 * headers, timestamps beyond 32 bits), and the partitions Java clients choose for the same keys.
 */
import fc from 'fast-check'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
interface Encoder {
  readonly buffer: Buffer
}
type Headers = Record<string, string | Buffer | (string | Buffer)[]>
interface RecordInput {
  offsetDelta: number
  timestampDelta: number
  key: string | Buffer | null
  value: string | Buffer | null
  headers: Headers
}
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: RecordInput) => Encoder
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: object) => Promise<Encoder>
}
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (
  decoder: unknown
) => Promise<{ records: DecodedRecord[] }>
interface DecodedRecord {
  key: Buffer | null
  value: Buffer | null
  headers: object
  timestamp: string
  offset: string
}
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown
const Long = require('kafkajs/src/utils/long') as { fromValue(value: number): unknown }
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: string | Buffer
) => number
const header = require('kafkajs/src/protocol/recordBatch/header/v0') as { writeHeader?: unknown }

// Printed by kafkajs 2.2.4 without the patch, for the records below.
const GOLDEN_RECORDS = [
  'cc01008eda9601060a74685f30310e7b2261223a317d0a18636f6e74656e742d74797065206170706c69636174696f6e2f6a736f6e0a63655f696428706c61696e3a77735f313ac3a9e282acf09f98800a6d756c746902610a6d756c74690462620a656d70747900',
  '12000900010601020300',
  'fa040080f882ad169003026bd804' + '78'.repeat(300) + '02026802ff',
]
const GOLDEN_BATCH_HEAD =
  '0000000000000000000001e20000000002ac3b6b690000000000020000019e704488000000019e704489f4000000000000002a00010000000700000003'

const records = (): RecordInput[] => [
  {
    offsetDelta: 3,
    timestampDelta: 1234567,
    key: 'th_01',
    value: '{"a":1}',
    headers: {
      'content-type': 'application/json',
      ce_id: 'plain:ws_1:é€😀',
      multi: ['a', 'bb'],
      empty: '',
    },
  },
  { offsetDelta: 0, timestampDelta: -5, key: null, value: Buffer.from([1, 2, 3]), headers: {} },
  {
    offsetDelta: 200,
    timestampDelta: 3_000_000_000,
    key: Buffer.from('k'),
    value: 'x'.repeat(300),
    headers: { h: Buffer.from([0xff]) },
  },
]

const FIRST_TIMESTAMP = 1_780_000_000_000
const batchOf = (encoded: Encoder[]) =>
  RecordBatch({
    firstTimestamp: FIRST_TIMESTAMP,
    maxTimestamp: 1_780_000_000_500,
    lastOffsetDelta: encoded.length - 1,
    producerId: Long.fromValue(42),
    producerEpoch: 1,
    firstSequence: 7,
    records: encoded,
  })

/** Decodes what RecordBatch wrote, as a fetch response's record set is decoded. */
const decode = async (batch: Encoder) => (await decodeBatch(new Decoder(batch.buffer))).records

const asBuffer = (value: string | Buffer | null) =>
  value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(value)

describe('kafkajs record encoding (patched)', () => {
  it('is installed: headers are written into the record, not through encoders of their own', () => {
    expect(header.writeHeader).toBeTypeOf('function')
  })

  it('writes the bytes kafkajs wrote before the patch', async () => {
    const encoded = records().map(Record)
    expect(encoded.map((record) => record.buffer.toString('hex'))).toEqual(GOLDEN_RECORDS)
    const batch = (await batchOf(encoded)).buffer.toString('hex')
    expect(batch).toBe(GOLDEN_BATCH_HEAD + GOLDEN_RECORDS.join(''))
  })

  it('round-trips generated records through kafkajs’s decoder', async () => {
    const bytes = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.uint8Array().map((array) => Buffer.from(array))
    )
    const record = fc.record({
      offsetDelta: fc.nat(100_000),
      timestampDelta: fc.oneof(fc.integer(), fc.integer({ min: 2 ** 31, max: 2 ** 40 })),
      key: fc.option(bytes),
      value: fc.option(bytes, { freq: 10 }),
      headers: fc.dictionary(
        // Header-like names: kafkajs's decoder folds values into a plain object, so a name such as
        // `valueOf` would meet Object.prototype (a decoder quirk, not the encoding's).
        fc.stringMatching(/^[a-z][a-z0-9_-]{0,19}$/),
        fc.oneof(bytes, fc.array(bytes, { minLength: 1, maxLength: 3 }))
      ),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 8 }), async (inputs) => {
        const decoded = await decode(await batchOf(inputs.map(Record)))
        expect(decoded).toHaveLength(inputs.length)
        decoded.forEach((got, i) => {
          const input = inputs[i]!
          expect(got.key).toEqual(asBuffer(input.key))
          expect(got.value).toEqual(asBuffer(input.value))
          const headers = Object.fromEntries(
            Object.entries(input.headers).map(([name, value]) => [
              name,
              // kafkajs's decoder folds a name's values into an array only when it repeats.
              Array.isArray(value) && value.length > 1
                ? value.map(asBuffer)
                : asBuffer(Array.isArray(value) ? value[0]! : value),
            ])
          )
          expect(got.headers).toEqual(headers)
          expect(got.timestamp).toBe(String(FIRST_TIMESTAMP + input.timestampDelta))
          expect(got.offset).toBe(String(input.offsetDelta))
        })
      }),
      { numRuns: 200 }
    )
  })
})

describe('kafkajs default partitioner hash (patched)', () => {
  it('is murmur2 as Apache Kafka computes it, and as unpatched kafkajs did', () => {
    const vectors: [string | Buffer, number][] = [
      // Apache Kafka's UtilsTest.testMurmur2 (clients/src/test/.../utils/UtilsTest.java).
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      [Buffer.from('abc'), 479470107],
      // Printed by unpatched kafkajs 2.2.4: every tail length, multi-byte UTF-8.
      ['', 275646681],
      ['a', -1563381124],
      ['ab', 316155434],
      ['th_01HXYZ', 1690582903],
      ['é€😀x', -168328983],
    ]
    expect(vectors.map(([key]) => murmur2(key))).toEqual(vectors.map(([, hash]) => hash))
  })
})

describe('the request queue', () => {
  interface RequestQueue {
    scheduleCheckPendingRequests(): void
    throttleCheckTimeoutId: NodeJS.Timeout | null
  }
  const RequestQueue = require('kafkajs/src/network/requestQueue') as new (
    options: object
  ) => RequestQueue

  it('schedules its idle check without a negative timeout (no TimeoutNegativeWarning on Node 24)', async () => {
    const warnings: Error[] = []
    const listen = (warning: Error) => warnings.push(warning)
    process.on('warning', listen)
    try {
      const logger = { namespace: () => logger, debug: () => {}, warn: () => {}, error: () => {} }
      const queue = new RequestQueue({
        logger,
        isConnected: () => true,
        broker: 'b:1',
        clientId: 'c',
      })
      // Not throttled, nothing pending: the state after every request kafkajs answers.
      queue.scheduleCheckPendingRequests()
      clearTimeout(queue.throttleCheckTimeoutId!)
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off('warning', listen)
    }
    expect(warnings.map((warning) => warning.name)).toEqual([])
  })
})
