/**
 * Test support for crash.test.ts, run as a child process: `node append-until-killed.ts <dir>`.
 * Appends from 16 concurrent loops until it is killed, printing `A <seq> <n>` once append n has
 * resolved as seq. A drain loop peeks, prints `P <seq>` before it releases up to seq and
 * `R <seq>` after the release resolved. Payloads are `payload-<n>-` and n % 500 dashes.
 */
import { Spool } from '../spool.ts'

const dir = process.argv[2]
if (dir === undefined) throw new Error('usage: append-until-killed.ts <dir>')
const spool = await Spool.open({ dir, maxBytes: 1 << 30, segmentBytes: 64 * 1024 })
const print = (line: string) => process.stdout.write(`${line}\n`)

let next = 0
const appender = async () => {
  for (;;) {
    const n = next++
    const seq = await spool.append(Buffer.from(`payload-${n}-${'-'.repeat(n % 500)}`))
    print(`A ${seq} ${n}`)
  }
}

const drainer = async () => {
  for (;;) {
    const entries = await spool.peek(50)
    const last = entries.at(-1)
    if (last === undefined || spool.depth < 200) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      continue
    }
    print(`P ${last.seq}`)
    await spool.release(last.seq)
    print(`R ${last.seq}`)
  }
}

print('ready')
await Promise.all([...Array.from({ length: 16 }, appender), drainer()])
