import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

describe("the package's consumer entry point", () => {
  it("resolves 'switchboard/consumer' through package.json exports to the built JavaScript, and decodes a record", () => {
    // Node itself resolves the self-reference, as a consumer's `import` would (no TypeScript involved).
    const script = `
      import { readFileSync } from 'node:fs'
      const consumer = await import('switchboard/consumer')
      const expected = JSON.parse(readFileSync('fixtures/plain/thread.thread_created/expected.json', 'utf8')).events[0]
      const event = consumer.decodeCanonicalRecord({
        value: Buffer.from(JSON.stringify(expected)),
        headers: { 'content-type': Buffer.from('application/cloudevents+json; charset=UTF-8') },
      })
      console.log(JSON.stringify({ exports: Object.keys(consumer).sort(), id: event.id, equal: JSON.stringify(event) === JSON.stringify(expected) }))
    `
    const run = spawnSync(
      process.execPath,
      ['--no-experimental-strip-types', '--input-type=module', '-e', script],
      {
        cwd: ROOT,
        encoding: 'utf8',
      }
    )
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({
      exports: ['RecordError', 'canonicalEachMessage', 'decodeCanonicalRecord'],
      id: 'plain:pEv_01HD44FHHJ0YABSNGKWMG3CJ5J',
      equal: true,
    })
  })
})
