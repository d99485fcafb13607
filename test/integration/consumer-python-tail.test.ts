/**
 * The Python example of docs/consumer.md, fed as its usage line says: `switchboard tail --records`
 * reading real records from the broker, piped into the script. Records in both modes, and one
 * whose data breaks its schema.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toBinaryMessage, toStructuredMessage } from '../../src/kafka/records.ts'
import { cliEnv, createTopics, produce, runCliWith, uniqueTopics } from '../helpers/cli-run.ts'
import { goldenEvents } from '../helpers/fixtures.ts'
import { testKafka } from '../helpers/kafka.ts'
import { guideExample, python, pythonUnavailable } from '../helpers/python.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'consumer-python-tail-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe("the guide's Python example, reading `switchboard tail --records`", () => {
  it('validates real records of both modes and names the invalid path', async (context) => {
    const unavailable = pythonUnavailable()
    if (unavailable !== undefined) {
      console.warn(`skipping the Python example: ${unavailable}`)
      context.skip(unavailable)
    }
    const [event] = goldenEvents('helpcrunch', 'chat.status_updated')
    const broken = toBinaryMessage(event!)
    const data = JSON.parse(String(broken.value)) as { conversation: { status: string } }
    data.conversation.status = 'escalated'
    const topics = uniqueTopics()
    await createTopics(testKafka('python-tail'), topics)
    const messages = [
      toBinaryMessage(event!),
      toStructuredMessage(event!),
      { ...broken, value: JSON.stringify(data) },
    ]
    await produce(
      testKafka('python-tail'),
      messages.map((message) => ({ topic: topics.conversations, message }))
    )

    const tail = await runCliWith(
      ['tail', '--topic', 'conversations', '--from-beginning', '--records', '--max', '3'],
      cliEnv(topics)
    )
    expect(tail.code).toBe(0)
    const script = join(work, 'validate.py')
    writeFileSync(script, guideExample())
    const run = python([script, join(ROOT, 'schemas')], tail.stdout.join('\n') + '\n')
    expect(run.stderr).toBe('')
    expect(run.stdout.trim().split('\n')).toEqual([
      `valid ${event!.type}`,
      `valid ${event!.type}`,
      `invalid ${event!.type} conversation/status`,
    ])
  }, 60_000)
})
