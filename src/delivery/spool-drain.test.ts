import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { adapters } from '../../adapters/index.ts'
import { DedupWindow } from '../dedup/dedup-window.ts'
import type { Publisher } from '../kafka/kafka-publisher.ts'
import type { TopicRecord } from '../kafka/records.ts'
import { silentLogger } from '../log.ts'
import { Spool } from '../spool/spool.ts'
import { SpoolDrain } from './spool-drain.ts'
import type { SpooledWebhook } from './spooled-webhook.ts'
import { useTempDirs } from '../spool/testing/temp-dirs.ts'

const chatNew = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'helpcrunch', 'chat.new', 'body.json')
)
const topics = { conversations: 'c', customers: 'u', deadLetter: 'd' }

/** A publisher that is always ready and keeps what it was given, one call per array. */
class RecordingPublisher implements Publisher {
  readonly calls: TopicRecord[][] = []
  readonly ready = true
  publish(records: readonly TopicRecord[]): Promise<void> {
    this.calls.push([...records])
    return Promise.resolve()
  }
  stop(): Promise<void> {
    return Promise.resolve()
  }
}

const spooled = (vendor: string, body: Uint8Array): SpooledWebhook => ({
  vendor,
  tenant: 'default',
  receivedAt: Date.parse('2026-11-29T12:00:00Z'),
  headers: { 'x-vendor-signature': 'abc' },
  traceparent: undefined,
  body,
})

const tempDir = useTempDirs()
let closing: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closing.map((close) => close()))
  closing = []
})

async function drained(entries: SpooledWebhook[]) {
  const dir = tempDir()
  const spool = await Spool.open({ dir, maxBytes: 1 << 20 })
  const publisher = new RecordingPublisher()
  const dedup = new DedupWindow({ maxEntries: 100, ttlMs: 60_000 })
  const webhooks = new SpoolDrain(spool, 1 << 20, {
    publisher,
    dedup,
    topics,
    contentMode: 'binary',
    adapters: new Map(adapters.map((adapter) => [adapter.vendor, adapter])),
    logger: silentLogger,
    dedupReady: () => true,
  })
  closing.push(() => webhooks.stop())
  for (const entry of entries) await webhooks.append(entry)
  webhooks.start()
  for (let tries = 0; tries < 100 && webhooks.stats.depth > 0; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return { publisher, depth: webhooks.stats.depth }
}

describe('SpoolDrain', () => {
  it('publishes each spooled webhook once, in order, one publish per webhook', async () => {
    const { publisher, depth } = await drained([
      spooled('helpcrunch', chatNew),
      spooled('helpcrunch', chatNew), // the vendor's retry, spooled too
    ])
    expect(depth).toBe(0)
    expect(publisher.calls).toHaveLength(1)
    expect(publisher.calls[0]?.map((record) => record.topic)).toEqual(['c'])
  })

  it('dead-letters an entry whose vendor this build does not have, and drains what follows', async () => {
    const { publisher, depth } = await drained([
      spooled('gone', Buffer.from('{"id":1}')),
      spooled('helpcrunch', chatNew),
    ])
    expect(depth).toBe(0)
    const [deadLetter, events] = publisher.calls
    expect(deadLetter?.[0]?.topic).toBe('d')
    expect(deadLetter?.[0]?.message.headers).toMatchObject({
      'dlq-vendor': 'gone',
      'dlq-reason': 'mapping_failed',
      'x-vendor-signature': 'abc',
    })
    expect(String(deadLetter?.[0]?.message.value)).toBe('{"id":1}')
    expect(events?.[0]?.topic).toBe('c')
  })

  it('dead-letters an authentic body that no longer maps, with its reason', async () => {
    const { publisher } = await drained([spooled('helpcrunch', Buffer.from('not json'))])
    expect(publisher.calls[0]?.[0]?.message.headers).toMatchObject({
      'dlq-vendor': 'helpcrunch',
      'dlq-reason': 'invalid_json',
    })
  })
})
