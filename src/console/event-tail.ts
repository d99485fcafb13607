import type { Consumer, Kafka } from 'kafkajs'
import { decodeRecord } from '../consumer/decode-record.ts'
import { RecordError } from '../errors.ts'
import type { Logger } from '../log.ts'

/** A canonical event as the tail shows it: what `switchboard tail` prints, and its topic. */
export interface TailEvent {
  readonly topic: string
  readonly time: string | null
  readonly type: string
  readonly subject: string | null
  readonly vendor: string | null
  readonly tenant: string | null
  readonly id: string
}

/** Whether the tail reads: `idle` until someone watches, `failed` once the consumer gave up. */
export type TailState = 'idle' | 'starting' | 'running' | 'failed'

const attribute = (event: Readonly<Record<string, unknown>>, name: string): string | null => {
  const value = event[name]
  return typeof value === 'string' ? value : null
}

/**
 * The event topics from their end, decoded as `switchboard tail` decodes them (the consumer
 * package's `decodeRecord`), for the console's live tail. The consumer runs only while someone
 * watches: it starts with the first watcher and stops `idleMs` after the last one left, so a
 * bridge nobody looks at reads nothing. The last `capacity` events are kept for a page load.
 */
export class EventTail {
  readonly #kafka: Kafka
  readonly #topics: readonly string[]
  readonly #groupId: () => string
  readonly #logger: Logger
  readonly #capacity: number
  readonly #idleMs: number
  readonly #watchers = new Set<(event: TailEvent) => void>()
  #recent: TailEvent[] = []
  #consumer: { consumer: Consumer; groupId: string } | undefined
  #state: TailState = 'idle'
  #idle: NodeJS.Timeout | undefined

  constructor(options: {
    kafka: Kafka
    topics: readonly string[]
    groupId: () => string
    logger: Logger
    capacity?: number
    idleMs?: number
  }) {
    this.#kafka = options.kafka
    this.#topics = options.topics
    this.#groupId = options.groupId
    this.#logger = options.logger
    this.#capacity = options.capacity ?? 200
    this.#idleMs = options.idleMs ?? 60_000
  }

  get state(): TailState {
    return this.#state
  }

  /** The kept events, newest first. */
  recent(): readonly TailEvent[] {
    return [...this.#recent].reverse()
  }

  /** Starts reading (if it is not) and keeps reading for at least `idleMs` more. */
  touch(): void {
    this.#start()
    this.#armIdle()
  }

  /** Calls `watcher` with every event read from now on; the returned function stops that. */
  watch(watcher: (event: TailEvent) => void): () => void {
    this.#watchers.add(watcher)
    this.#start()
    clearTimeout(this.#idle)
    return () => {
      this.#watchers.delete(watcher)
      if (this.#watchers.size === 0) this.#armIdle()
    }
  }

  /** Stops reading (service shutdown); a later watcher starts it again. */
  async stop(): Promise<void> {
    clearTimeout(this.#idle)
    const consumer = this.#consumer
    this.#consumer = undefined
    if (this.#state !== 'failed') this.#state = 'idle'
    if (consumer) await this.#release(consumer)
  }

  /** Disconnects `consumer` and deletes its throwaway group (best effort: an empty group expires). */
  async #release(consumer: { consumer: Consumer; groupId: string }): Promise<void> {
    await consumer.consumer.disconnect().catch(() => undefined)
    const admin = this.#kafka.admin()
    try {
      await admin.connect()
      await admin.deleteGroups([consumer.groupId])
    } catch {
      // The group has no offsets (nothing is committed) and expires on its own.
    } finally {
      await admin.disconnect().catch(() => undefined)
    }
  }

  #armIdle(): void {
    clearTimeout(this.#idle)
    this.#idle = setTimeout(() => {
      if (this.#watchers.size === 0) void this.stop()
    }, this.#idleMs)
    this.#idle.unref()
  }

  #start(): void {
    if (this.#consumer) return
    const groupId = this.#groupId()
    const consumer = this.#kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
    })
    const running = { consumer, groupId }
    this.#consumer = running
    this.#state = 'starting'
    // The first fetch follows the offset reset (as `switchboard tail` waits for): from then on
    // nothing published is missed.
    consumer.on(consumer.events.FETCH, () => {
      if (this.#consumer === running) this.#state = 'running'
    })
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.#consumer !== running) return
      this.#logger.log('warn', 'console tail stopped', { error: payload.error.message })
      this.#consumer = undefined
      this.#state = 'failed'
      void this.#release(running)
    })
    const run = async () => {
      await consumer.connect()
      // From the end: a fresh group with nothing committed starts at the latest offset.
      await consumer.subscribe({ topics: [...this.#topics], fromBeginning: false })
      await consumer.run({
        autoCommit: false,
        eachMessage: ({ topic, message }) => {
          this.#add(topic, message)
          return Promise.resolve()
        },
      })
    }
    run().catch((error: unknown) => {
      if (this.#consumer !== running) return
      this.#logger.log('warn', 'console tail could not start', {
        error: error instanceof Error ? error.message : String(error),
      })
      this.#consumer = undefined
      this.#state = 'failed'
      void this.#release(running)
    })
  }

  #add(topic: string, message: Parameters<typeof decodeRecord>[0]): void {
    let event
    try {
      event = decodeRecord(message).event
    } catch (error) {
      // A record that is not a canonical event is not the console's to report: `tail` does.
      if (error instanceof RecordError) return
      throw error
    }
    const shown: TailEvent = {
      topic,
      time: attribute(event, 'time'),
      type: event.type,
      subject: attribute(event, 'subject'),
      vendor: attribute(event, 'vendor'),
      tenant: attribute(event, 'tenant'),
      id: event.id,
    }
    this.#recent.push(shown)
    if (this.#recent.length > this.#capacity) this.#recent.shift()
    for (const watcher of this.#watchers) watcher(shown)
  }
}
