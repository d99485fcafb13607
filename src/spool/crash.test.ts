import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Spool } from './spool.ts'
import { useTempDirs } from './testing/temp-dirs.ts'

const tempDir = useTempDirs()
const CHILD = fileURLToPath(new URL('./testing/append-until-killed.ts', import.meta.url))

interface Run {
  /** Acknowledged appends: seq → n. */
  readonly acked: Map<number, number>
  /** Highest seq whose release resolved; highest seq a release was started for. */
  readonly released: number
  readonly releasing: number
}

/** Runs the appending child until it has acknowledged `acks` appends, then SIGKILLs it. */
async function runAndKill(dir: string, acks: number): Promise<Run> {
  const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const acked = new Map<number, number>()
  let released = 0
  let releasing = 0
  let buffered = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    const lines = (buffered + chunk).split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) {
      const [kind, seq, n] = line.split(' ')
      if (kind === 'A') acked.set(Number(seq), Number(n))
      if (kind === 'R') released = Math.max(released, Number(seq))
      if (kind === 'P') releasing = Math.max(releasing, Number(seq))
    }
    if (acked.size >= acks) child.kill('SIGKILL')
  })
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null]
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' })
  return { acked, released, releasing }
}

describe('Spool after a real crash (SIGKILL)', () => {
  it('keeps every acknowledged append, in order, across three crashes', async () => {
    const dir = tempDir()
    let highestSeq = 0 // the last seq the previous round left in the spool
    let releasedBefore = 0
    for (const acks of [3000, 5000, 4000]) {
      const run = await runAndKill(dir, acks)
      expect(run.acked.size).toBeGreaterThanOrEqual(acks)
      expect(run.acked.get(highestSeq + 1)).toBe(0) // seqs went on from the previous round
      expect(run.released).toBeGreaterThan(0) // the drain loop released some, durably

      const spool = await Spool.open({ dir, maxBytes: 1 << 30 })
      const entries = await spool.peek(Number.MAX_SAFE_INTEGER)
      const first = entries[0]?.seq ?? Infinity
      // Released entries never come back; only a release still in flight at the kill may be undone.
      expect(first - 1).toBeGreaterThanOrEqual(Math.max(run.released, releasedBefore))
      expect(first - 1).toBeLessThanOrEqual(Math.max(run.releasing, releasedBefore))
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => first + i))

      // Every acknowledged append that was not released is there with its payload.
      const bySeq = new Map(entries.map((e) => [e.seq, Buffer.from(e.payload).toString()]))
      let checked = 0
      for (const [seq, n] of run.acked) {
        if (seq < first) continue
        expect(bySeq.get(seq)).toBe(`payload-${n}-${'-'.repeat(n % 500)}`)
        checked++
      }
      expect(checked).toBeGreaterThan(0)

      // Order on disk is call order: the n in each payload only grows.
      const ns = entries.map((e) =>
        Number(/^payload-(\d+)-/.exec(Buffer.from(e.payload).toString())?.[1])
      )
      expect(ns.every((n, i) => i === 0 || n > ns[i - 1]!)).toBe(true)

      releasedBefore = first - 1
      highestSeq = entries.at(-1)?.seq ?? first - 1
      expect(await spool.append(Buffer.from('after the crash'))).toBe(highestSeq + 1)
      highestSeq++
      await spool.close()
    }
  }, 60_000)
})
