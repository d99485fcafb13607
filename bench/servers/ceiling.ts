/**
 * The ceiling of `npm run bench`: Hono on @hono/node-server that reads the body and answers 202,
 * nothing else (no signature, no Kafka). What this HTTP stack can do on this machine: no bridge
 * built on it can go faster. `PORT` and `HOST` as the bridge's; `GET /readyz` for the bench.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
  .post('/webhooks/:vendor', async (c) => {
    await c.req.text()
    return c.json({ status: 'accepted' }, 202)
  })
  .get('/readyz', (c) => c.text('ok'))

const server = serve({
  fetch: app.fetch,
  port: Number(process.env['PORT'] ?? 8080),
  hostname: process.env['HOST'] ?? '127.0.0.1',
})
process.once('SIGTERM', () => {
  server.close()
})
