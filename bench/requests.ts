import { createHmac, randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const ROOT = join(import.meta.dirname, '..')

/**
 * Writes `count` distinct HelpCrunch chat.new deliveries, each signed with `secret`, one JSON line
 * `{ body, headers }` each, and returns the file (the load generator reads it; the server's
 * process does not hold them).
 */
export function writeSignedRequests(secret: string, count: number): string {
  const template = JSON.parse(
    readFileSync(join(ROOT, 'fixtures/helpcrunch/chat.new/body.json'), 'utf8')
  ) as {
    id: string
    eventData: { chat_id: number }
  }
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    template.id = `bench-${i}-${randomBytes(4).toString('hex')}`
    template.eventData.chat_id = 1_000_000 + (i % 50_000)
    const body = JSON.stringify(template)
    const signature = createHmac('sha1', secret).update(body).digest('hex')
    lines.push(
      JSON.stringify({
        body,
        headers: { 'content-type': 'application/json', 'x-helpcrunch-signature': signature },
      })
    )
  }
  const file = join(mkdtempSync(join(tmpdir(), 'switchboard-bench-')), 'requests.jsonl')
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

/** What one load run measured. */
export interface LoadResult {
  readonly requests: number
  readonly statuses: Record<string, number>
  readonly perSecond: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly ranOut: boolean
}

/** Runs bench/load.ts against `url` in its own process (asynchronously: servers may share this event loop). */
export async function load(
  url: string,
  requestsFile: string,
  concurrency: number,
  seconds: number
): Promise<LoadResult> {
  const job = JSON.stringify({ url, concurrency, seconds, requestsFile })
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(import.meta.dirname, 'load.ts'), job],
    {
      maxBuffer: 1 << 20,
    }
  )
  return JSON.parse(stdout) as LoadResult
}

/** One table row of a load result. */
export const formatRow = (name: string, r: LoadResult) =>
  `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)} ${r.p50.toFixed(1).padStart(9)} ${r.p90.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)}   ${JSON.stringify(r.statuses)}${r.ranOut ? ' (ran out of distinct events)' : ''}`

/** The header of the table `formatRow` fills. */
export const TABLE_HEADER = `${'server'.padEnd(34)}  req/s     p50 ms   p90 ms   p99 ms   statuses`
