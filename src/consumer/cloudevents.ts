/**
 * `@switchboard/consumer/cloudevents`: canonical events as objects of the official CloudEvents
 * SDK, for code built on it. A separate entry point because `cloudevents` is an optional peer:
 * the main entry must load without it.
 */
import { CloudEvent } from 'cloudevents'
import type { CanonicalEvent } from '../canonical/index.ts'
import type { UnknownCloudEvent } from './decode-record.ts'

/**
 * The decoded event as a `CloudEvent` of the `cloudevents` SDK: the same attributes (extensions
 * included, as the SDK keeps them, top-level) and the same `data`. The SDK validates it against
 * the CloudEvents 1.0 rules on construction and freezes it.
 *
 * @example
 * const ce = toCloudEvent(event) // CloudEvent<{ conversation: …; actor: …; change: … }>
 * Kafka.structured(ce)           // re-emit it with the SDK's own Kafka binding
 */
export function toCloudEvent<TEvent extends CanonicalEvent | UnknownCloudEvent>(
  event: TEvent
): CloudEvent<TEvent['data']> {
  return new CloudEvent<TEvent['data']>({ ...event })
}
