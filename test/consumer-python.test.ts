import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Message } from 'kafkajs'
import { afterAll, describe, expect, it } from 'vitest'
import { ADDITIVE_CHANGES, NEW_TYPE } from '../src/consumer/testing/additive-changes.ts'
import { toBinaryMessage, toStructuredMessage } from '../src/kafka/records.ts'
import { goldenEvents } from './helpers/fixtures.ts'
import { guideExample, python, pythonUnavailable } from './helpers/python.ts'

const ROOT = join(import.meta.dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'consumer-python-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** A record as the guide's script reads it: one JSON line of text headers and the value as text. */
const line = (message: Message) =>
  JSON.stringify({
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])
    ),
    value: String(message.value),
  })

describe("the guide's Python example (jsonschema, the generated JSON Schemas)", () => {
  it('validates records in both modes, accepts additive changes, skips new types and names invalid paths', (context) => {
    const unavailable = pythonUnavailable()
    if (unavailable !== undefined) {
      console.warn(`skipping the Python example: ${unavailable}`)
      context.skip(unavailable)
    }
    const events = [
      ...goldenEvents('plain', 'thread.thread_labels_changed'),
      ...goldenEvents('helpcrunch', 'customer.new'),
    ]
    const event = events[0]!
    const broken = toBinaryMessage(event)
    const data = JSON.parse(String(broken.value)) as { conversation: { status: string } }
    data.conversation.status = 'escalated'
    const records = [
      ...events.flatMap((e) => [toBinaryMessage(e), toStructuredMessage(e)]),
      ...ADDITIVE_CHANGES.map((change) => change.record(event)),
      { ...broken, value: JSON.stringify(data) },
    ]
    const script = join(work, 'validate.py')
    writeFileSync(script, guideExample())
    const run = python([script, join(ROOT, 'schemas')], records.map(line).join('\n') + '\n')
    expect(run.stderr).toBe('')
    expect(run.stdout.trim().split('\n')).toEqual([
      ...events.flatMap((e) => [`valid ${e.type}`, `valid ${e.type}`]),
      ...ADDITIVE_CHANGES.map((change) =>
        change.kind === 'canonical' ? `valid ${event.type}` : `skipped ${NEW_TYPE}`
      ),
      `invalid ${event.type} conversation/status`,
    ])
  })
})
