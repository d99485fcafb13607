import type { Kafka, KafkaMessage } from 'kafkajs'
import { headerText } from '../consumer/decode-record.ts'
import { parseMediaType } from '../consumer/media-type.ts'
import { readToEnd } from './read-topic.ts'

/**
 * "Is this canonical event already published?", for `replay`. Backed today by a read of the event
 * topics ({@link readPublishedIds}); the de-duplication topic could back
 * it instead without a change to its callers.
 */
export interface PublishedIds {
  /** Whether an event with this canonical id (`<vendor>:<vendor event id>`) is already published. */
  has(id: string): boolean
  /** Notes ids just published, so a later dead letter of the same vendor event is not published again. */
  add(id: string): void
}

/** A {@link PublishedIds} in memory. */
export class InMemoryPublishedIds implements PublishedIds {
  readonly #ids: Set<string>
  constructor(ids: Iterable<string> = []) {
    this.#ids = new Set(ids)
  }
  has(id: string): boolean {
    return this.#ids.has(id)
  }
  add(id: string): void {
    this.#ids.add(id)
  }
  get size(): number {
    return this.#ids.size
  }
}

/**
 * The canonical event id of a record of an event topic: the `ce_id` header in binary mode, the
 * JSON `id` in structured mode (`application/cloudevents+json`); `undefined` for anything else.
 */
export function eventIdOf(message: KafkaMessage): string | undefined {
  const record = { value: message.value, headers: message.headers ?? {} }
  const binary = headerText(record, 'ce_id')
  if (binary !== undefined) return binary
  const contentType = headerText(record, 'content-type')
  const media = contentType === undefined ? undefined : parseMediaType(contentType)
  if (!media?.essence.startsWith('application/cloudevents') || message.value === null) {
    return undefined
  }
  try {
    const id: unknown = (JSON.parse(message.value.toString('utf8')) as { id?: unknown }).id
    return typeof id === 'string' ? id : undefined
  } catch {
    return undefined
  }
}

/**
 * Every canonical event id on `topics`, each read from the beginning to its high watermark, in
 * whichever content mode each record was written.
 */
export async function readPublishedIds(
  kafka: Kafka,
  topics: readonly string[],
  groupId: string
): Promise<InMemoryPublishedIds> {
  const ids = new InMemoryPublishedIds()
  await readToEnd(kafka, topics, groupId, ({ message }) => {
    const id = eventIdOf(message)
    if (id !== undefined) ids.add(id)
  })
  return ids
}
