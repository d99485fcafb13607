import type { Publisher } from './kafka-publisher.ts'

/**
 * A publisher that may not be connected yet: with a spool (`SPOOL_DIR`) the bridge starts even
 * while Kafka is unreachable, answers webhooks from the spool, and connects in the background.
 * Not ready (and refusing to publish) until `connect` hands it the real publisher.
 */
export class DeferredPublisher implements Publisher {
  #inner: Publisher | undefined

  /** The real publisher, once Kafka was reached (topics checked, de-dup log warm). */
  connect(publisher: Publisher): void {
    this.#inner = publisher
  }

  get connected(): boolean {
    return this.#inner !== undefined
  }

  get ready(): boolean {
    return this.#inner?.ready ?? false
  }

  publish(...args: Parameters<Publisher['publish']>): Promise<void> {
    return this.#inner
      ? this.#inner.publish(...args)
      : Promise.reject(new Error('Kafka has not been reached since start-up'))
  }

  async stop(): Promise<void> {
    await this.#inner?.stop()
  }
}
