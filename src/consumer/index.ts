/**
 * The consumer side of Switchboard's canonical topics, for kafkajs consumers:
 * `import { canonicalEachMessage } from 'switchboard/consumer'`.
 */
export {
  canonicalEachMessage,
  type CanonicalHandler,
  type ConsumerOptions,
} from './process-record.ts'
export { decodeCanonicalRecord, type ReceivedRecord } from './decode-record.ts'
export { RecordError } from '../errors.ts'
export type { CanonicalEvent, CanonicalEventOf, CanonicalEventType } from '../canonical/index.ts'
