/**
 * The consumer side of Switchboard's canonical topics, for kafkajs consumers:
 * `import { canonicalEachMessage } from '@switchboard/consumer'` (in this repository, also
 * `switchboard/consumer`). What may change within the `v1` topics is docs/contract.md; this
 * helper accepts all of it by default.
 */
export {
  canonicalEachMessage,
  type CanonicalEachMessage,
  type CanonicalHandler,
  type ConsumerOptions,
  type ConsumerStats,
  type UnknownTypeHandler,
} from './process-record.ts'
export {
  decodeCanonicalRecord,
  decodeRecord,
  isCanonicalEventType,
  type DecodedRecord,
  type DecodeOptions,
  type ReceivedRecord,
  type UnknownCloudEvent,
} from './decode-record.ts'
export { RecordError } from '../errors.ts'
export { CANONICAL_EVENT_TYPES } from '../canonical/event.ts'
export type { CanonicalEvent, CanonicalEventOf, CanonicalEventType } from '../canonical/index.ts'
