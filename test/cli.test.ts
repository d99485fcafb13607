import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { CanonicalEventSchema } from '../src/canonical/index.ts'
import { FIXTURES_DIR, goldenEvents } from './helpers/fixtures.ts'

const BIN = join(import.meta.dirname, '..', 'bin', 'switchboard.ts')

/** Runs the real command as a user would, on the same Node. */
const cli = (args: string[], input?: Buffer | string) => {
  const run = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}
const fixture = (vendor: string, name: string) => join(FIXTURES_DIR, vendor, name, 'body.json')
const expected = goldenEvents

describe('switchboard normalize', () => {
  it('prints each canonical event of a FILE as one line of structured-mode JSON and exits 0', () => {
    const run = cli(['normalize', 'plain', fixture('plain', 'thread.thread_created')])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(
      expected('plain', 'thread.thread_created')
    )
    for (const line of lines) expect(v.is(CanonicalEventSchema, JSON.parse(line))).toBe(true)
  })

  it('reads stdin when no FILE is given, and `-` as stdin', () => {
    const body = readFileSync(fixture('helpcrunch', 'chat.new'))
    for (const args of [
      ['normalize', 'helpcrunch'],
      ['normalize', 'helpcrunch', '-'],
    ]) {
      const run = cli(args, body)
      expect(run.code).toBe(0)
      expect(JSON.parse(run.stdout) as unknown).toEqual(expected('helpcrunch', 'chat.new')[0])
    }
  })

  it('uses --tenant as the HelpCrunch account in source and ids', () => {
    const run = cli([
      'normalize',
      'helpcrunch',
      fixture('helpcrunch', 'chat.new'),
      '--tenant',
      'acme',
    ])
    expect(run.code).toBe(0)
    const event = JSON.parse(run.stdout) as { source: string; subject: string; tenant: string }
    expect(event.source).toBe('/helpcrunch/acme')
    expect(event.tenant).toBe('acme')
    expect(event.subject).toMatch(/^helpcrunch:acme:/)
  })

  it('exits 0 with empty stdout and one reason line on stderr for an ignored event', () => {
    const run = cli(['normalize', 'plain', fixture('plain', 'timeline.timeline_entry_changed')])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^ignored timeline\.timeline_entry_changed/)
  })

  it.each([
    { case: 'not JSON', vendor: 'plain', input: '{"id": "pEv_1",', pattern: /invalid_json/ },
    {
      case: 'JSON that is not a webhook',
      vendor: 'plain',
      input: '{"hello":"world"}',
      pattern: /not_a_webhook/,
    },
    {
      case: "another vendor's webhook",
      vendor: 'helpcrunch',
      input: readFileSync(fixture('plain', 'thread.thread_created')),
      pattern: /not_a_webhook/,
    },
    {
      case: 'an unknown event type',
      vendor: 'plain',
      input: readFileSync(fixture('plain', 'thread.thread_deleted--future-event-type')),
      pattern: /unknown_event_type/,
    },
  ])('exits 1 with one error line on stderr for $case', ({ vendor, input, pattern }) => {
    const run = cli(['normalize', vendor], input)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(pattern)
  })

  it('exits 1 when FILE cannot be read', () => {
    const run = cli(['normalize', 'plain', join(FIXTURES_DIR, 'no-such-file.json')])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/cannot read/)
  })

  it.each([
    { case: 'no command', args: [] },
    { case: 'an unknown command', args: ['publish', 'plain'] },
    { case: 'an unknown vendor', args: ['normalize', 'nobody'] },
    { case: 'an unknown option', args: ['normalize', 'plain', '--nope'] },
  ])('exits 2 with usage for $case', ({ args }) => {
    const run = cli(args, '')
    expect(run.code).toBe(2)
    expect(run.stderr).not.toBe('')
  })
})
