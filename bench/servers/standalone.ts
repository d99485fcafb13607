/**
 * What the standalone comparison servers of `npm run bench` (ceiling, floor, naive) share: their
 * settings from the environment, the one-record answer of the two that publish, and serving until
 * the bench's SIGTERM.
 */
import { serve } from '@hono/node-server'
import type { Context } from 'hono'

/** The variable's value; throws when it is unset or empty. */
export function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

/**
 * Takes the body's `id` (400 when the body is not JSON), publishes it with `publish` (503 with
 * `Retry-After` when that fails) and answers 202 with the id, as Switchboard answers an accepted
 * webhook.
 */
export async function acceptOne(
  c: Context,
  body: string,
  publish: (id: string) => Promise<unknown>
): Promise<Response> {
  let id: string
  try {
    id = String((JSON.parse(body) as { id?: unknown }).id)
  } catch {
    return c.json({ error: { code: 'payload_invalid' } }, 400)
  }
  try {
    await publish(id)
  } catch {
    c.header('retry-after', '5')
    return c.json({ error: { code: 'unavailable' } }, 503)
  }
  return c.json({ status: 'accepted', ids: [id] }, 202)
}

/** Serves an app's `fetch` on `PORT`/`HOST` (8080, 127.0.0.1); on SIGTERM closes it and runs `onTerm`. */
export function serveUntilTerm(
  fetch: Parameters<typeof serve>[0]['fetch'],
  onTerm?: () => unknown
): void {
  const server = serve({
    fetch,
    port: Number(process.env['PORT'] ?? 8080),
    hostname: process.env['HOST'] ?? '127.0.0.1',
  })
  process.once('SIGTERM', () => {
    server.close()
    void onTerm?.()
  })
}
