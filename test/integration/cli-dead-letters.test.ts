import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { toDeadLetterRecord, type Topics } from '../../src/kafka/records.ts'
import { cliEnv, createTopics, produce, runCliWith, uniqueTopics } from '../helpers/cli-run.ts'
import { FIXTURES_DIR } from '../helpers/fixtures.ts'
import { testKafka } from '../helpers/kafka.ts'
import { signFor } from '../helpers/sign.ts'

const kafka = testKafka('cli-dead-letters-test')

const plainBody = readFileSync(
  join(FIXTURES_DIR, 'plain', 'thread.thread_deleted--future-event-type', 'body.json')
)
const helpcrunchBody = readFileSync(join(FIXTURES_DIR, 'helpcrunch', 'chat.new', 'body.json'))
const binaryBody = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80])
const plainHeaders: Record<string, string> = {
  'content-type': 'application/json',
  'user-agent': 'Plain-Webhooks/1.0',
  ...signFor('plain', plainBody),
}
const helpcrunchHeaders: Record<string, string> = {
  'content-type': 'application/json',
  ...signFor('helpcrunch', helpcrunchBody),
}

let topics: Topics

beforeAll(async () => {
  topics = uniqueTopics()
  await createTopics(kafka, topics, 1)
  await produce(kafka, [
    toDeadLetterRecord(
      {
        vendor: 'plain',
        tenant: 'default',
        body: plainBody,
        headers: plainHeaders,
        reason: 'unknown_event_type',
        detail: 'no mapping for thread.thread_deleted',
        receivedAt: new Date('2026-11-01T10:00:00.000Z'),
        eventId: 'pEv_future',
      },
      topics
    ),
    toDeadLetterRecord(
      {
        vendor: 'helpcrunch',
        tenant: 'acme',
        body: helpcrunchBody,
        headers: helpcrunchHeaders,
        reason: 'invalid_payload',
        detail: `chat.new: ${'x'.repeat(300)}`,
        receivedAt: new Date('2026-11-02T10:00:00.000Z'),
        eventId: 'hc-1',
      },
      topics
    ),
    toDeadLetterRecord(
      {
        vendor: 'helpcrunch',
        tenant: 'default',
        body: binaryBody,
        headers: { 'content-type': 'application/octet-stream' },
        reason: 'invalid_json',
        detail: 'body is not UTF-8 JSON',
        receivedAt: new Date('2026-11-03T10:00:00.000Z'),
        eventId: undefined,
      },
      topics
    ),
  ])
})

const list = (...args: string[]) => runCliWith(['dead-letters', 'list', ...args], cliEnv(topics))
const show = (...args: string[]) => runCliWith(['dead-letters', 'show', ...args], cliEnv(topics))

describe('switchboard dead-letters list, against a real broker', () => {
  it('prints one line per dead letter: position, received-at, vendor, tenant, reason, event id, short detail', async () => {
    const run = await list()
    expect(run.stderr).toEqual([])
    expect(run.code).toBe(0)
    expect(run.stdout).toEqual([
      '0:0  2026-11-01T10:00:00.000Z  plain  default  unknown_event_type  pEv_future  no mapping for thread.thread_deleted',
      `0:1  2026-11-02T10:00:00.000Z  helpcrunch  acme  invalid_payload  hc-1  chat.new: ${'x'.repeat(50)}…`,
      '0:2  2026-11-03T10:00:00.000Z  helpcrunch  default  invalid_json  -  body is not UTF-8 JSON',
    ])
  })

  it.each([
    { case: '--vendor', args: ['--vendor', 'helpcrunch'], positions: ['0:1', '0:2'] },
    { case: '--reason', args: ['--reason', 'invalid_payload'], positions: ['0:1'] },
    {
      case: '--vendor and --reason together',
      args: ['--vendor', 'plain', '--reason', 'invalid_payload'],
      positions: [],
    },
    {
      case: '--since (inclusive) and --until (exclusive)',
      args: ['--since', '2026-11-02T10:00:00Z', '--until', '2026-11-03T10:00:00Z'],
      positions: ['0:1'],
    },
    { case: 'a date-only --since', args: ['--since', '2026-11-03'], positions: ['0:2'] },
  ])('filters by $case', async ({ args, positions }) => {
    const run = await list(...args, '--json')
    expect(run.code).toBe(0)
    expect(run.stdout.map((line) => (JSON.parse(line) as { position: string }).position)).toEqual(
      positions
    )
  })

  it('prints JSON lines with --json', async () => {
    const run = await list('--vendor', 'plain', '--json')
    expect(run.stdout.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        position: '0:0',
        partition: 0,
        offset: '0',
        receivedAt: '2026-11-01T10:00:00.000Z',
        vendor: 'plain',
        tenant: 'default',
        reason: 'unknown_event_type',
        eventId: 'pEv_future',
        detail: 'no mapping for thread.thread_deleted',
      },
    ])
  })

  it('exits 0 with nothing printed for an empty dead-letter topic', async () => {
    const empty = uniqueTopics()
    await createTopics(kafka, empty, 2)
    const run = await runCliWith(['dead-letters', 'list'], cliEnv(empty))
    expect(run).toEqual({ code: 0, stdout: [], stderr: [] })
  })
})

describe('switchboard dead-letters show, against a real broker', () => {
  it('prints every header, the signature cut to 12 characters, and the JSON body as text', async () => {
    const run = await show('0:0')
    expect(run.code).toBe(0)
    const signature = plainHeaders['plain-request-signature']!
    expect(run.stdout).toEqual([
      'position: 0:0',
      'key: pEv_future',
      'headers:',
      '  content-type: application/json',
      '  user-agent: Plain-Webhooks/1.0',
      `  plain-request-signature: ${signature.slice(0, 12)}…`,
      '  dlq-reason: unknown_event_type',
      '  dlq-detail: no mapping for thread.thread_deleted',
      '  dlq-vendor: plain',
      '  dlq-tenant: default',
      '  dlq-received-at: 2026-11-01T10:00:00.000Z',
      `body (json, ${String(plainBody.byteLength)} bytes):`,
      plainBody.toString('utf8'),
    ])
    expect(run.stdout.join('\n')).not.toContain(signature)
  })

  it('prints a body that is not UTF-8 JSON as base64, and all of it as one object with --json', async () => {
    const run = await show('0:2', '--json')
    expect(run.code).toBe(0)
    expect(run.stdout).toHaveLength(1)
    expect(JSON.parse(run.stdout[0]!)).toMatchObject({
      position: '0:2',
      key: null,
      vendor: 'helpcrunch',
      reason: 'invalid_json',
      headers: { 'content-type': 'application/octet-stream', 'dlq-vendor': 'helpcrunch' },
      bodyEncoding: 'base64',
      body: binaryBody.toString('base64'),
    })
    const signed = await show('0:1', '--json')
    const { headers } = JSON.parse(signed.stdout[0]!) as { headers: Record<string, string> }
    expect(headers['x-helpcrunch-signature']).toBe(
      `${helpcrunchHeaders['x-helpcrunch-signature']!.slice(0, 12)}…`
    )
  })

  it('exits 1 with one line when there is no dead letter at that position', async () => {
    const run = await show('0:7')
    expect(run.code).toBe(1)
    expect(run.stdout).toEqual([])
    expect(run.stderr).toEqual([
      `switchboard dead-letters: no dead letter at 0:7 on ${topics.deadLetter}`,
    ])
  })
})
