import { Hono } from 'hono'
import { NotFoundError } from '../errors.ts'
import type { OperatorConsole } from '../console/index.ts'
import type { Logger } from '../log.ts'
import { errorResponse } from './on-error.ts'

/** What the operators' listener reports on. */
export interface AdminDeps {
  /** True while Kafka answers. */
  readonly kafkaReady: () => boolean
  /** True once shutdown began. */
  readonly isShuttingDown: () => boolean
  /** Prometheus text of the current metrics, for `GET /metrics` (absent: 404). */
  readonly metricsText?: () => Promise<string>
  readonly logger: Logger
  readonly retryAfterSeconds: number
  /** The spool's state, when `SPOOL_DIR` is set: it keeps the bridge ready while Kafka is away. */
  readonly spool?: () => {
    depth: number
    bytes: number
    oldestAgeSeconds: number | undefined
    hasRoom: boolean
  }
  /** The operator console (`src/console/`), served at `/`; absent, not served. */
  readonly console?: Pick<OperatorConsole, 'routes'>
}

/**
 * The operators' listener, on its own host and port (`ADMIN_HOST`, `ADMIN_PORT`), never the
 * webhook port: `GET /healthz` (200 while the process is alive), `GET /readyz` (200 only while
 * Kafka answers, or the spool has room, and the process is not shutting down; with a spool its
 * body tells Kafka's state and the spool's depth, bytes and oldest age), `GET /metrics`
 * (Prometheus text) and, when given, the operator console at `/` (docs/console.md). It stays up
 * while the webhook listener drains, so a load balancer sees `/readyz` turn 503.
 */
export function createAdminApp(deps: AdminDeps): Hono {
  const app = new Hono()
  const answerError = (error: unknown, c: Parameters<Parameters<Hono['onError']>[0]>[1]) =>
    errorResponse(error, c, deps.logger, deps.retryAfterSeconds)
  app.onError(answerError)
  app.notFound((c) => answerError(new NotFoundError('not_found', 'no such route'), c))
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', (c) => {
    const kafka = deps.kafkaReady()
    const spool = deps.spool?.()
    const details = spool && {
      kafka: kafka ? 'reachable' : 'unreachable',
      spool: {
        depth: spool.depth,
        bytes: spool.bytes,
        oldest_age_seconds: Math.round((spool.oldestAgeSeconds ?? 0) * 10) / 10,
      },
    }
    if (deps.isShuttingDown()) {
      return c.json({ status: 'not_ready', reason: 'shutting_down', ...details }, 503)
    }
    // With a spool the bridge takes webhooks while Kafka is away, as long as the spool has room;
    // while anything is spooled new webhooks queue behind it, so they need that room too.
    const takes = spool ? spool.hasRoom || (kafka && spool.depth === 0) : kafka
    if (takes) return c.json({ status: 'ready', ...details })
    return c.json(
      { status: 'not_ready', reason: spool ? 'spool_full' : 'kafka_unavailable', ...details },
      503
    )
  })
  app.get('/metrics', async (c) => {
    if (!deps.metricsText) throw new NotFoundError('not_found', 'metrics are not enabled')
    return c.body(await deps.metricsText(), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    })
  })
  if (deps.console) app.route('/', deps.console.routes(deps))
  return app
}
