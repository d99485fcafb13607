/**
 * The ceiling of `npm run bench`: Hono on @hono/node-server that reads the body and answers 202,
 * nothing else (no signature, no Kafka). What this HTTP stack can do on this machine: no bridge
 * built on it can go faster. `PORT` and `HOST` as the bridge's; `GET /readyz` for the bench.
 */
import { Hono } from 'hono'
import { serveUntilTerm } from './standalone.ts'

const app = new Hono()
  .post('/webhooks/:vendor', async (c) => {
    await c.req.text()
    return c.json({ status: 'accepted' }, 202)
  })
  .get('/readyz', (c) => c.text('ok'))

serveUntilTerm(app.fetch)
