import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { adapters } from '../../adapters/index.ts'
import type { Registry } from '../../src/adapter/contract.ts'
import { PayloadError } from '../../src/errors.ts'
import { toDeadLetterRecord, type DeadLetter, type Topics } from '../../src/kafka/records.ts'
import { normalize } from '../../src/pipeline.ts'
import { acme, signAcme } from '../helpers/acme-vendor.ts'
import {
  cliEnv,
  countRecords,
  createTopics,
  produce,
  runCliWith,
  uniqueTopics,
} from '../helpers/cli-run.ts'
import { consume } from '../helpers/consume.ts'
import { FIXTURES_DIR, goldenEvents } from '../helpers/fixtures.ts'
import { testKafka, uniqueName } from '../helpers/kafka.ts'
import { signFor, TEST_SECRET } from '../helpers/sign.ts'

const kafka = testKafka('cli-replay-test')
const SECRET = randomBytes(24).toString('base64url')
const ROTATED = randomBytes(24).toString('base64url')

/** Yesterday's acme adapter: it did not know `ticket.opened` yet, so the bridge dead-lettered it. */
const brokenAcme = { ...acme, events: {} }
/** Today's registry: the mapping is fixed. */
const fixed: Registry = [acme, ...adapters]

const opened = Buffer.from(
  JSON.stringify({
    id: 'evt-7',
    event: 'ticket.opened',
    tenant: 'shop-9',
    at: '2026-11-29T12:00:00.000Z',
    ticket: { id: 'T-42', subject: 'Where is my parcel?' },
  })
)

const eventTopics = (topics: Topics) => [topics.conversations, topics.customers]

/**
 * What the bridge on yesterday's registry wrote for `opened`, delivered twice (the vendor retried):
 * the pipeline's one entry with yesterday's adapter failed, so each delivery became a dead letter
 * of its raw body and kept headers (as `deliverWebhook` writes them), on topics of its own.
 */
async function deadLetteredYesterday(): Promise<Topics> {
  const headers = { 'content-type': 'application/json', ...signAcme(opened, SECRET) }
  let failure: unknown
  try {
    normalize(brokenAcme, {
      body: opened,
      tenant: 'default',
      verify: {
        verifier: acme.createVerifier({ secrets: [SECRET] }),
        headers,
        now: new Date(),
      },
    })
  } catch (error) {
    failure = error
  }
  if (!(failure instanceof PayloadError)) throw new Error('yesterday’s adapter mapped it')
  expect(failure.reason).toBe('unknown_event_type')
  const deadLetter = letter({
    body: opened,
    headers,
    reason: failure.reason,
    detail: failure.detail,
    eventId: failure.eventId,
  })
  const topics = await deadLetters([deadLetter, deadLetter], 2)
  expect(await countRecords(kafka, [topics.deadLetter])).toBe(2)
  return topics
}

/** Dead letters written directly, as a bridge would have written them, on topics of their own. */
async function deadLetters(letters: readonly DeadLetter[], partitions = 1): Promise<Topics> {
  const topics = uniqueTopics()
  await createTopics(kafka, topics, partitions)
  await produce(
    kafka,
    letters.map((letter) => toDeadLetterRecord(letter, topics))
  )
  return topics
}

const letter = (
  overrides: Partial<DeadLetter> & Pick<DeadLetter, 'body' | 'headers'>
): DeadLetter => ({
  vendor: 'acme',
  tenant: 'default',
  reason: 'unknown_event_type',
  detail: 'no mapping',
  receivedAt: new Date(Date.now() - 3_600_000),
  eventId: undefined,
  ...overrides,
})

interface ReportLine {
  position: string
  outcome: string
  ids?: string[]
  reason?: string
}
const reports = (stdout: string[]) =>
  stdout.map((line) => JSON.parse(line) as ReportLine & { summary?: Record<string, unknown> })

describe('switchboard replay, against a real broker', () => {
  it('writes each replayed event to the de-dup topic the bridges follow', async () => {
    const topics = await deadLetteredYesterday()
    const dedupTopic = uniqueName('cli-dedup')
    await createTopics(kafka, [dedupTopic])
    const env = cliEnv(topics, { ACME_SECRETS: SECRET, KAFKA_TOPIC_DEDUP: dedupTopic })

    const run = await runCliWith(['replay'], env, fixed)
    expect(run.stderr).toEqual([])
    expect(run.code).toBe(0)
    // One record for the one published event (the second dead letter was already published).
    const records = await consume(kafka, [dedupTopic], 2, 3000)
    expect(records.map((record) => record.value?.toString())).toEqual(['acme:shop-9:evt-7'])
    expect(records[0]?.key).not.toBeNull()
  })

  it('publishes a dead letter that a fixed mapping now maps once, and nothing on a second run', async () => {
    const topics = await deadLetteredYesterday()
    const env = cliEnv(topics, { ACME_SECRETS: SECRET })

    const first = await runCliWith(['replay'], env, fixed)
    expect(first.stderr).toEqual([])
    expect(first.code).toBe(0)
    // Both deliveries were dead-lettered; the event is published once.
    expect(first.stdout).toEqual([
      expect.stringMatching(/^\d+:\d+ {2}acme {2}evt-7 {2}published \(1 event: acme:evt-7\)$/),
      expect.stringMatching(/^\d+:\d+ {2}acme {2}evt-7 {2}already-published \(acme:evt-7\)$/),
      '2 dead letters selected: 1 published, 1 already-published; 1 event published',
    ])
    expect(await countRecords(kafka, eventTopics(topics))).toBe(1)
    const [record] = await consume(kafka, [topics.conversations], 1)
    expect(record?.headers).toMatchObject({
      ce_id: 'acme:evt-7',
      ce_type: 'conversation.created',
      ce_subject: 'acme:shop-9:T-42',
    })

    const second = await runCliWith(['replay', '--json'], env, fixed)
    expect(second.code).toBe(0)
    const lines = reports(second.stdout)
    expect(lines.slice(0, -1).map((line) => line.outcome)).toEqual([
      'already-published',
      'already-published',
    ])
    expect(lines.at(-1)?.summary).toMatchObject({ selected: 2, events: 0, 'already-published': 2 })
    expect(await countRecords(kafka, eventTopics(topics))).toBe(1)
  })

  it('publishes nothing with --dry-run, but says what it would publish', async () => {
    const topics = await deadLetteredYesterday()
    const env = cliEnv(topics, { ACME_SECRETS: SECRET })
    const run = await runCliWith(['replay', '--dry-run', '--json'], env, fixed)
    expect(run.code).toBe(0)
    const lines = reports(run.stdout)
    expect(lines.slice(0, -1).map(({ outcome, ids }) => ({ outcome, ids }))).toEqual([
      { outcome: 'would-publish', ids: ['acme:evt-7'] },
      { outcome: 'already-published', ids: ['acme:evt-7'] },
    ])
    expect(lines.at(-1)?.summary).toMatchObject({ dryRun: true, events: 1 })
    expect(await countRecords(kafka, eventTopics(topics))).toBe(0)
  })

  it('skips a dead letter whose signature no longer verifies (rotated secret) and exits 1', async () => {
    const topics = await deadLetteredYesterday()
    const rotated = await runCliWith(
      ['replay', '--json'],
      cliEnv(topics, { ACME_SECRETS: ROTATED }),
      fixed
    )
    expect(rotated.code).toBe(1)
    expect(reports(rotated.stdout).slice(0, -1)).toEqual([
      expect.objectContaining({ outcome: 'signature-invalid', reason: 'signature_mismatch' }),
      expect.objectContaining({ outcome: 'signature-invalid', reason: 'signature_mismatch' }),
    ])
    expect(await countRecords(kafka, eventTopics(topics))).toBe(0)
  })

  it('skips a tampered body, an unknown vendor and a still unmappable body, and replays the rest (exit 1)', async () => {
    const tampered = Buffer.from(opened.toString('utf8').replace('T-42', 'T-43'))
    const exploded = Buffer.from(
      JSON.stringify({ id: 'evt-9', event: 'ticket.exploded', tenant: 'shop-9' })
    )
    const topics = await deadLetters([
      letter({ body: tampered, headers: signAcme(opened, SECRET), eventId: 'evt-7' }),
      letter({ vendor: 'nobody', body: opened, headers: {} }),
      letter({ body: exploded, headers: signAcme(exploded, SECRET), eventId: 'evt-9' }),
      letter({ body: opened, headers: signAcme(opened, SECRET), eventId: 'evt-7' }),
    ])
    const run = await runCliWith(['replay'], cliEnv(topics, { ACME_SECRETS: SECRET }), fixed)
    expect(run.code).toBe(1)
    expect(run.stdout).toEqual([
      '0:0  acme  evt-7  signature-invalid (signature_mismatch)',
      '0:1  nobody  -  unknown-vendor',
      '0:2  acme  evt-9  still-unmappable (unknown_event_type: no mapping for ticket.exploded)',
      '0:3  acme  evt-7  published (1 event: acme:evt-7)',
      '4 dead letters selected: 1 signature-invalid, 1 unknown-vendor, 1 still-unmappable, 1 published; 1 event published',
    ])
    expect(await countRecords(kafka, eventTopics(topics))).toBe(1)

    // Selecting only the good one by position: nothing skipped, nothing new, exit 0.
    const again = await runCliWith(
      ['replay', '--offsets', '0:3'],
      cliEnv(topics, { ACME_SECRETS: SECRET }),
      fixed
    )
    expect(again.stdout).toEqual([
      '0:3  acme  evt-7  already-published (acme:evt-7)',
      '1 dead letter selected: 1 already-published; 0 events published',
    ])
    expect(again.code).toBe(0)
  })

  it('replays a Plain dead letter whose signed delivery time is long past (no freshness check), in structured mode', async () => {
    const body = readFileSync(join(FIXTURES_DIR, 'plain', 'thread.thread_created', 'body.json'))
    const delivered = (
      JSON.parse(body.toString('utf8')) as {
        webhookMetadata: { webhookDeliveryAttemptTimestamp: string }
      }
    ).webhookMetadata.webhookDeliveryAttemptTimestamp
    expect(Date.now() - Date.parse(delivered)).toBeGreaterThan(300_000)
    const topics = await deadLetters([
      letter({
        vendor: 'plain',
        body,
        headers: { 'content-type': 'application/json', ...signFor('plain', body) },
        receivedAt: new Date(Date.parse(delivered) + 1000),
        reason: 'mapping_failed',
      }),
    ])
    const env = cliEnv(topics, {
      PLAIN_SIGNING_SECRETS: TEST_SECRET,
      KAFKA_CONTENT_MODE: 'structured',
    })
    const expected = goldenEvents('plain', 'thread.thread_created')

    const run = await runCliWith(['replay', '--vendor', 'plain', '--json'], env)
    expect(run.code).toBe(0)
    expect(reports(run.stdout)[0]).toMatchObject({
      outcome: 'published',
      ids: expected.map((event) => event.id),
    })
    const published = await consume(kafka, eventTopics(topics), expected.length)
    expect(
      published.map((record) => JSON.parse(record.value!.toString('utf8')) as unknown)
    ).toEqual(expected)
    expect(published[0]?.headers['content-type']).toBe(
      'application/cloudevents+json; charset=UTF-8'
    )

    // The ids of structured records are found too.
    const again = await runCliWith(['replay', '--vendor', 'plain', '--json'], env)
    expect(reports(again.stdout)[0]).toMatchObject({ outcome: 'already-published' })
    expect(await countRecords(kafka, eventTopics(topics))).toBe(expected.length)
  })

  it('selects nothing for a filter that matches nothing and exits 0', async () => {
    const topics = await deadLetteredYesterday()
    const run = await runCliWith(
      ['replay', '--vendor', 'plain', '--since', '2000-01-01', '--until', '2000-01-02'],
      cliEnv(topics, { ACME_SECRETS: SECRET }),
      fixed
    )
    expect(run).toEqual({
      code: 0,
      stdout: ['0 dead letters selected; 0 events published'],
      stderr: [],
    })
  })
})
