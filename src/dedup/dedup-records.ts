import kafkajs, { type KafkaMessage, type PartitionMetadata } from 'kafkajs'
import type { TopicRecord } from '../kafka/records.ts'
import { fingerprint, FINGERPRINT_BYTES } from './fingerprint.ts'

const { Partitioners } = kafkajs

/** Header of a claim record: its owner. A single-id record without it: the id was published. */
const CLAIM_HEADER = 'switchboard-claim'
/** Header of a batch record of published ids (its value: the fingerprints, 16 bytes each). */
const PUBLISHED_HEADER = 'switchboard-published'

/** The fingerprint at `offset` of `fp`, as a Buffer view (no copy). */
export const fingerprintView = (fp: Uint8Array, offset = 0) =>
  Buffer.from(fp.buffer, fp.byteOffset + offset, FINGERPRINT_BYTES)

/** The fingerprint at `offset` of `fp` in hex: the key of the claim and waiter maps. */
export const hexOf = (fp: Uint8Array, offset = 0) => fingerprintView(fp, offset).toString('hex')

/**
 * A single-id published record: key = the 16-byte fingerprint of `key` (`vendor:tenant:event id`),
 * value = the key itself, readable for operators. Written by `switchboard replay`, which writes a
 * record at a time; the default partitioner puts it where a bridge's batch records of that id go.
 */
export function dedupRecord(topic: string, key: string, fp = fingerprint(key)): TopicRecord {
  return {
    topic,
    message: { key: fingerprintView(fp), value: key },
  }
}

/**
 * A batch record: key = `owner` (unique), value = the fingerprints back to back, a header that
 * says what they are (a claim names its owner).
 */
export function dedupBatchRecord(
  topic: string,
  partition: number,
  kind: 'claim' | 'published',
  owner: string,
  fps: readonly Uint8Array[]
): TopicRecord {
  return {
    topic,
    message: {
      key: owner,
      value: Buffer.concat(fps, fps.length * FINGERPRINT_BYTES),
      partition,
      headers: kind === 'claim' ? { [CLAIM_HEADER]: owner } : { [PUBLISHED_HEADER]: '1' },
    },
  }
}

/** What one record of the de-dup topic says: fingerprints back to back, claimed or published. */
export type DedupMessage =
  | { readonly kind: 'claim'; readonly owner: string; readonly fps: Buffer }
  | { readonly kind: 'published'; readonly fps: Buffer }

/**
 * Reads a record of the topic: a batch record (fingerprints in the value) or a single-id record
 * (`dedupRecord`: the fingerprint is the key); `undefined` for anything else.
 */
export function readDedupMessage(message: KafkaMessage): DedupMessage | undefined {
  const claim = message.headers?.[CLAIM_HEADER]
  const single = message.key?.length === FINGERPRINT_BYTES
  const fps = single ? message.key : message.value
  if (!fps) return undefined
  if (claim !== undefined) return { kind: 'claim', owner: String(claim), fps }
  if (single || message.headers?.[PUBLISHED_HEADER] !== undefined) return { kind: 'published', fps }
  return undefined
}

/**
 * The partition kafkajs's default partitioner gives a record keyed by a fingerprint in a topic of
 * `partitions` partitions: a batch record of an id lands where a single-id record of it does.
 */
export function fingerprintPartitioner(
  topic: string,
  partitions: number
): (fp: Uint8Array) => number {
  if (partitions <= 1) return () => 0
  const partitioner = Partitioners.DefaultPartitioner()
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, id) => ({
    partitionErrorCode: 0,
    partitionId: id,
    leader: 0,
    replicas: [0],
    isr: [0],
  }))
  return (fp) =>
    partitioner({ topic, partitionMetadata, message: { key: fingerprintView(fp), value: null } })
}
