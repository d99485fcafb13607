import { trace } from '@opentelemetry/api'
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { VendorAdapter } from '../../adapters/types.ts'
import {
  NotFoundError,
  PayloadTooLargeError,
  RequestBodyError,
  SwitchboardError,
  UnavailableError,
} from '../errors.ts'
import type { Logger } from '../log.ts'
import { ATTR_HTTP_REQUEST_BODY_SIZE } from '../telemetry/attributes.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import { handleWebhook, type WebhookDeps } from './handle-webhook.ts'
import { InFlight } from './in-flight.ts'
import { within } from '../within.ts'
import { errorResponse } from './on-error.ts'
import { observeWebhooks, type WebhookEnv } from './observe-webhooks.ts'

/** Limits of the HTTP edge. */
export interface HttpLimits {
  readonly bodyLimitBytes: number
  readonly requestDeadlineMs: number
  readonly maxInFlightRequests: number
  readonly retryAfterSeconds: number
}

/** Everything the app needs, injected so tests can pass fakes. */
export interface AppDeps extends WebhookDeps {
  readonly plain: { readonly adapter: VendorAdapter; readonly secrets: readonly string[] }
  readonly helpcrunch: {
    readonly adapter: VendorAdapter
    /** Signing keys per account; `default` serves `POST /webhooks/helpcrunch`. */
    readonly accounts: Readonly<Record<string, readonly string[]>>
  }
  readonly limits: HttpLimits
  readonly logger: Logger
  /** True once shutdown began: new webhooks are answered 503 and `/readyz` turns 503. */
  readonly isShuttingDown: () => boolean
  /** Prometheus text of the current metrics, for `GET /metrics` (absent: 404). */
  readonly metricsText?: () => Promise<string>
  /** Webhooks in flight; the service waits on it to drain at shutdown (default: a private one). */
  readonly inFlight?: InFlight
}

/**
 * The HTTP edge: `POST /webhooks/plain`, `POST /webhooks/helpcrunch[/:account]`, `GET /healthz`,
 * `GET /readyz`, `GET /metrics`. Every answer is JSON (metrics: Prometheus text); statuses come from
 * `errors.ts` and the webhook answers. Webhook requests are traced and measured.
 */
export function createApp(deps: AppDeps): Hono<WebhookEnv> {
  const app = new Hono<WebhookEnv>()
  const inFlight = deps.inFlight ?? new InFlight()
  const answerError = (error: unknown, c: Context) =>
    errorResponse(error, c, deps.logger, deps.limits.retryAfterSeconds)

  app.onError(answerError)
  // Answered here, not thrown: an error thrown from notFound bypasses onError's bookkeeping, and
  // the tracing middleware would see a 200.
  app.notFound((c) => answerError(new NotFoundError('not_found', 'no such route'), c))
  // While shutting down, every answer closes its connection, so keep-alive clients let go.
  app.use('*', async (c, next) => {
    await next()
    if (deps.isShuttingDown()) c.res.headers.set('connection', 'close')
  })

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', (c) =>
    deps.publisher.ready && !deps.isShuttingDown()
      ? c.json({ status: 'ready' })
      : c.json(
          {
            status: 'not_ready',
            reason: deps.isShuttingDown() ? 'shutting_down' : 'kafka_unavailable',
          },
          503
        )
  )
  app.get('/metrics', async (c) => {
    if (!deps.metricsText) throw new NotFoundError('not_found', 'metrics are not enabled')
    return c.body(await deps.metricsText(), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    })
  })

  app.use('/webhooks/*', observeWebhooks)

  const bodyLimited = bodyLimit({
    maxSize: deps.limits.bodyLimitBytes,
    onError: () => {
      throw new PayloadTooLargeError(deps.limits.bodyLimitBytes)
    },
  })
  /** hono's bodyLimit; a stream that breaks while it reads (a chunked body) is a 400, not a 500. */
  const limitBody: MiddlewareHandler<WebhookEnv> = async (c, next) => {
    try {
      await bodyLimited(c, next)
    } catch (error) {
      // Handler errors never arrive here (Hono answers them inside next()): this is the read.
      throw error instanceof SwitchboardError ? error : new RequestBodyError({ cause: error })
    }
  }

  /**
   * Admission, then the body, verification and publishing under the deadline. The in-flight slot
   * is held until that work settles, not until the answer: a webhook answered 503 at its deadline
   * may still have a body being read or records queued, and the limit must bound those too.
   */
  const receive = async (
    c: Context<WebhookEnv>,
    adapter: VendorAdapter,
    tenant: string,
    secrets: readonly string[]
  ) => {
    if (deps.isShuttingDown()) throw new UnavailableError('shutting_down', 'shutting down')
    if (inFlight.count >= deps.limits.maxInFlightRequests) {
      throw new UnavailableError(
        'overloaded',
        `more than ${deps.limits.maxInFlightRequests} webhooks in flight`
      )
    }
    const metrics = bridgeMetrics()
    metrics.inFlight.add(1)
    const work = inFlight.hold(
      (async () => {
        const body = await readBody(c)
        trace.getActiveSpan()?.setAttribute(ATTR_HTTP_REQUEST_BODY_SIZE, body.byteLength)
        const headers = Object.fromEntries(c.req.raw.headers)
        return handleWebhook(deps, { adapter, tenant, secrets, body, headers })
      })().finally(() => {
        metrics.inFlight.add(-1)
      })
    )
    const ms = deps.limits.requestDeadlineMs
    const answer = await within(ms, work, () => {
      throw new UnavailableError('deadline_exceeded', `no Kafka acknowledgement within ${ms} ms`)
    })
    c.set('webhookOutcome', answer.body.status)
    return c.json(answer.body, answer.httpStatus)
  }

  app.post('/webhooks/plain', limitBody, (c) =>
    receive(c, deps.plain.adapter, 'default', deps.plain.secrets)
  )
  app.post('/webhooks/helpcrunch', limitBody, (c) =>
    receive(c, deps.helpcrunch.adapter, 'default', deps.helpcrunch.accounts['default'] ?? [])
  )
  app.post('/webhooks/helpcrunch/:account', limitBody, (c) => {
    const account = c.req.param('account')
    const keys = Object.hasOwn(deps.helpcrunch.accounts, account)
      ? deps.helpcrunch.accounts[account]
      : undefined
    if (!keys)
      throw new NotFoundError('unknown_account', `no HelpCrunch account "${account}" is configured`)
    return receive(c, deps.helpcrunch.adapter, account, keys)
  })
  app.post('/webhooks/:vendor', (c) => {
    throw new NotFoundError('unknown_vendor', `no vendor "${c.req.param('vendor')}"`)
  })
  return app
}

/** The raw body; a stream the client breaks off is a `RequestBodyError` (400), not a 500. */
async function readBody(c: Context): Promise<Uint8Array> {
  try {
    return new Uint8Array(await c.req.arrayBuffer())
  } catch (error) {
    throw new RequestBodyError({ cause: error })
  }
}
