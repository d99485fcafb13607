import { DedupWindow } from '../../src/dedup/dedup-window.ts'
import { createApp, type AppDeps } from '../../src/http/app.ts'
import type { Publisher } from '../../src/kafka/kafka-publisher.ts'
import type { TopicRecord } from '../../src/kafka/records.ts'
import { silentLogger } from '../../src/log.ts'
import { testVendorRoutes } from './vendors.ts'

/** A publisher that keeps what it was given; `fail`/`hang`/`ready` steer it. */
export class InMemoryPublisher implements Publisher {
  readonly published: TopicRecord[] = []
  ready = true
  mode: 'ok' | 'fail' | 'hang' = 'ok'
  calls = 0
  /** Lets every publish left hanging by `mode = 'hang'` complete. */
  readonly release: () => void
  readonly #released: Promise<void>

  constructor() {
    let release = () => {}
    this.#released = new Promise<void>((resolve) => (release = resolve))
    this.release = release
  }

  async publish(records: readonly TopicRecord[]): Promise<void> {
    this.calls++
    if (this.mode === 'hang') {
      await this.#released
      this.published.push(...records)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 1))
    if (this.mode === 'fail') throw new Error('broker gone')
    this.published.push(...records)
  }

  stop(): Promise<void> {
    return Promise.resolve()
  }
}

export const TOPICS = { conversations: 'conv', customers: 'cust', deadLetter: 'dlq' }

/** The app wired with test secrets, an in-memory publisher and a fixed clock. */
export function testApp(overrides: Partial<AppDeps> & { now?: () => Date } = {}) {
  const publisher =
    overrides.publisher instanceof InMemoryPublisher ? overrides.publisher : new InMemoryPublisher()
  let shuttingDown = false
  const deps: AppDeps = {
    vendors: testVendorRoutes(),
    limits: {
      bodyLimitBytes: 1024 * 1024,
      bodyTimeoutMs: 2000,
      requestDeadlineMs: 2000,
      maxInFlightRequests: 100,
      retryAfterSeconds: 7,
    },
    logger: silentLogger,
    isShuttingDown: () => shuttingDown,
    publisher,
    dedup: new DedupWindow({ maxEntries: 1000, ttlMs: 60_000 }),
    topics: TOPICS,
    contentMode: 'binary',
    now: () => new Date(),
    ...overrides,
  }
  return { app: createApp(deps), publisher, shutDown: () => (shuttingDown = true) }
}
