import type { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import * as v from 'valibot'
import { parsePosition } from '../cli/dead-letter.ts'
import { UsageError } from '../cli/io.ts'
import { InvalidRequestError, NotFoundError } from '../errors.ts'
import { currentOverview, type ConsoleDeps } from './console-deps.ts'
import { parseDeadLetterQuery } from './dead-letter-query.ts'
import type { TailEvent } from './event-tail.ts'
import { readKafka, READ_TIMEOUT_MS } from './kafka-read.ts'
import { authorizeReplay } from './replay-guard.ts'
import { matchesQuery, parseWebhookQuery } from './webhook-query.ts'
import { securityHeaders } from './security-headers.ts'

/** Dead letters one replay request may name. */
export const MAX_REPLAY_POSITIONS = 500

/** The body of `POST /api/dead-letters/replay`. */
const ReplayRequestSchema = v.strictObject({
  positions: v.pipe(v.array(v.string()), v.minLength(1), v.maxLength(MAX_REPLAY_POSITIONS)),
  dryRun: v.boolean(),
})

/** Events a slow tail client may fall behind by before the oldest are dropped for it. */
const TAIL_BACKLOG = 1000
/** A comment line this often keeps proxies from closing an idle stream (ms). */
const HEARTBEAT_MS = 5000

/** `<partition>:<offset>`, or `InvalidRequestError`. */
function position(raw: string): string {
  try {
    return parsePosition(raw)
  } catch (error) {
    if (error instanceof UsageError) throw new InvalidRequestError(error.message)
    throw error
  }
}

/**
 * The JSON endpoints (docs/console.md): `GET /api/overview`, `/api/webhooks`,
 * `/api/dead-letters`, `/api/dead-letters/:position`, `POST /api/dead-letters/replay` (guarded:
 * `ADMIN_TOKEN`, same origin, logged with the token's name) and `GET /api/tail` (Server-Sent
 * Events). Errors answer the bridge's JSON error body.
 */
export function addApi(app: Hono, deps: ConsoleDeps): void {
  const timeout = deps.readTimeoutMs ?? READ_TIMEOUT_MS

  app.get('/api/overview', securityHeaders, (c) => c.json(currentOverview(deps)))

  app.get('/api/webhooks', securityHeaders, (c) => {
    const query = parseWebhookQuery(c.req.query())
    const webhooks = deps.recent.list((record) => matchesQuery(record, query), query.limit)
    return c.json({ capacity: deps.recent.capacity, kept: deps.recent.size, webhooks })
  })

  app.get('/api/dead-letters', securityHeaders, async (c) => {
    const query = parseDeadLetterQuery(c.req.query())
    return c.json(await readKafka(deps.deadLetters.list(query.filter, query.limit), timeout))
  })

  app.get('/api/dead-letters/:position', securityHeaders, async (c) => {
    const at = position(c.req.param('position'))
    const letter = await readKafka(deps.deadLetters.find(at), timeout)
    if (!letter) throw new NotFoundError('not_found', `no dead letter at ${at}`)
    return c.json(letter)
  })

  app.post('/api/dead-letters/replay', securityHeaders, async (c) => {
    // Before the body is even read: who may replay, and from where.
    const by = authorizeReplay(c, deps.adminToken, deps.logger)
    const body: unknown = await c.req.json().catch(() => undefined)
    const parsed = v.safeParse(ReplayRequestSchema, body)
    if (!parsed.success) {
      throw new InvalidRequestError(
        `expected {"positions": ["<partition>:<offset>", …] (1 to ${String(MAX_REPLAY_POSITIONS)}), "dryRun": true|false}`
      )
    }
    const positions = [...new Set(parsed.output.positions.map(position))]
    const { dryRun } = parsed.output
    try {
      // No time limit: once a replay publishes it must run to its end, whatever the client does.
      const run = await readKafka(deps.replayer.run(positions, dryRun))
      deps.logger.log('info', 'console replay', {
        by,
        dry_run: dryRun,
        positions,
        ...run.summary,
        results: run.results.map((result) => ({
          position: result.position,
          outcome: result.outcome,
        })),
      })
      return c.json(run)
    } catch (error) {
      deps.logger.log('warn', 'console replay failed', {
        by,
        dry_run: dryRun,
        positions,
        error: error instanceof Error ? error.message : String(error),
      })
      throw error
    }
  })

  app.get('/api/tail', securityHeaders, (c) =>
    streamSSE(c, async (stream) => {
      const backlog: TailEvent[] = []
      let wake: (() => void) | undefined
      // A function, so each check reads the flag anew: the client may leave while it waits.
      const open = () => !stream.aborted
      const unwatch = deps.tail.watch((event) => {
        if (backlog.push(event) > TAIL_BACKLOG) backlog.shift()
        wake?.()
      })
      stream.onAbort(() => {
        wake?.()
      })
      try {
        let said: string | undefined
        while (open()) {
          // A tail that failed (Kafka away) is tried again while someone watches.
          if (deps.tail.state === 'failed') deps.tail.touch()
          if (deps.tail.state !== said) {
            said = deps.tail.state
            await stream.writeSSE({ event: 'state', data: JSON.stringify({ state: said }) })
          }
          for (let event = backlog.shift(); event; event = backlog.shift()) {
            await stream.writeSSE({ event: 'event', data: JSON.stringify(event) })
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, HEARTBEAT_MS)
            wake = () => {
              clearTimeout(timer)
              resolve()
            }
          })
          wake = undefined
          if (backlog.length === 0 && open()) await stream.write(': heartbeat\n\n')
        }
      } finally {
        unwatch()
      }
    })
  )
}
