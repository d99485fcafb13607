/** The durable spool: a local write-ahead log for webhooks while Kafka cannot acknowledge them. */
export { DEFAULT_SEGMENT_BYTES, Spool, type SpoolOptions } from './spool.ts'
export type { SpoolEntry } from './read-entries.ts'
export { SpoolClosedError, SpoolCorruptError, SpoolFullError, SpoolLockedError } from './errors.ts'
