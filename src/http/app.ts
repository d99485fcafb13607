import { Readable } from 'node:stream'
import { trace } from '@opentelemetry/api'
import { Hono, type Context } from 'hono'
import { NotFoundError, UnavailableError } from '../errors.ts'
import { ownValue } from '../lookup.ts'
import { ATTR_HTTP_REQUEST_BODY_SIZE } from '../telemetry/attributes.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import { deliverWebhook, type WebhookDeps } from '../delivery/deliver-webhook.ts'
import type { WebhookOutcome } from '../delivery/outcome.ts'
import { InFlight } from './in-flight.ts'
import { incomingOf, requestHeaders } from './incoming.ts'
import { within } from '../within.ts'
import { errorResponse } from './on-error.ts'
import { observeWebhooks, type WebhookEnv } from './observe-webhooks.ts'
import { readBody } from './read-body.ts'
import type { VendorRoute } from './vendor-routes.ts'

/** Limits of the HTTP edge. */
export interface HttpLimits {
  readonly bodyLimitBytes: number
  /** Time the body may take to arrive after the headers (408 past it). */
  readonly bodyTimeoutMs: number
  /** Time from a whole body to its answer (503 `deadline_exceeded` past it). */
  readonly requestDeadlineMs: number
  readonly maxInFlightRequests: number
  readonly retryAfterSeconds: number
}

/** Everything the app needs, injected so tests can pass fakes. */
export interface AppDeps extends WebhookDeps {
  /** The registry's vendors, bound to their settings. */
  readonly vendors: readonly VendorRoute[]
  readonly limits: HttpLimits
  /** True once shutdown began: new webhooks are answered 503. */
  readonly isShuttingDown: () => boolean
  /** Webhooks in flight; the service waits on it to drain at shutdown (default: a private one). */
  readonly inFlight?: InFlight
}

/**
 * The webhook listener: `POST /webhooks/<vendor>` for every registered vendor (and `HEAD`, a URL
 * check, answered 200), and `POST /webhooks/<vendor>/<account>` for those whose tenant is the
 * account; nothing else (health and metrics are on the admin listener, `admin-app.ts`). Every
 * answer is JSON; statuses come from `errors.ts` and the webhook answers. Webhook requests are
 * traced and measured.
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

  // A vendor's URL check (some send `HEAD` when a webhook URL is saved) answers 200 with no
  // body. Hono routes a HEAD as a GET, so the handler lets a real GET fall through to 404.
  // Registered before the webhook middleware: a probe is not a webhook, so it is neither logged
  // nor counted.
  for (const { adapter } of deps.vendors) {
    app.get(`/webhooks/${adapter.vendor}`, (c, next) =>
      c.req.method === 'HEAD' ? Promise.resolve(c.body(null, 200)) : next()
    )
  }

  app.use('/webhooks/*', observeWebhooks(deps.logger))

  /** Shutdown and the in-flight limit turn a webhook away with 503 before any work is spent on it. */
  const admit = () => {
    if (deps.isShuttingDown()) throw new UnavailableError('shutting_down', 'shutting down')
    if (inFlight.count >= deps.limits.maxInFlightRequests) {
      throw new UnavailableError(
        'overloaded',
        `more than ${deps.limits.maxInFlightRequests} webhooks in flight`
      )
    }
  }

  /**
   * Admission, the body (under `bodyTimeoutMs`), admission again, then verification and publishing
   * under `requestDeadlineMs`. A request whose body is still arriving holds no in-flight slot:
   * slow clients are bounded by the body timeout and cannot starve the webhooks that arrived
   * whole. A slot is taken once the body is there and held until that webhook's work settles, not
   * until its answer: a webhook answered 503 at its deadline may still have records queued, and
   * the limit must bound those too. The read always settles (`readBody`), so no slot can leak.
   */
  const receive = async (c: Context<WebhookEnv>, route: VendorRoute, tenant: string) => {
    const { adapter } = route
    c.set('webhookVendor', adapter.vendor)
    if (adapter.tenancy === 'account') c.set('webhookTenant', tenant)
    const verifier = ownValue(route.verifiers, tenant)
    if (!verifier) {
      throw new NotFoundError(
        'unknown_account',
        `no ${adapter.vendor} account "${tenant}" is configured`
      )
    }
    admit()
    const body = await readRequestBody(c, deps.limits)
    admit()
    trace.getActiveSpan()?.setAttribute(ATTR_HTTP_REQUEST_BODY_SIZE, body.byteLength)
    const metrics = bridgeMetrics()
    metrics.inFlight.add(1)
    const work = inFlight.hold(
      deliverWebhook(deps, { adapter, tenant, verifier, body, headers: requestHeaders(c) }).finally(
        () => {
          metrics.inFlight.add(-1)
        }
      )
    )
    const ms = deps.limits.requestDeadlineMs
    const outcome = await within(ms, work, () => {
      throw new UnavailableError('deadline_exceeded', `no Kafka acknowledgement within ${ms} ms`)
    })
    c.set('webhookOutcome', outcome)
    return answer(c, outcome, answerError)
  }

  for (const route of deps.vendors) {
    const { vendor, tenancy } = route.adapter
    app.post(`/webhooks/${vendor}`, (c) => receive(c, route, 'default'))
    if (tenancy === 'account') {
      app.post(`/webhooks/${vendor}/:account`, (c) => receive(c, route, c.req.param('account')))
    }
  }
  app.post('/webhooks/:vendor', (c) => {
    throw new NotFoundError('unknown_vendor', `no vendor "${c.req.param('vendor')}"`)
  })
  return app
}

/**
 * The status-code contract's answer to an outcome, the one place outcomes are answered: 202
 * accepted (with the ids), 200 duplicate, 202 ignored, spooled and dead_lettered; a rejection (401)
 * or unavailability (503, with `Retry-After`) is answered from its error, as every other error.
 */
function answer(
  c: Context,
  outcome: WebhookOutcome,
  answerError: (error: unknown, c: Context) => Response
): Response {
  switch (outcome.kind) {
    case 'accepted':
      return c.json({ status: 'accepted', ids: outcome.ids }, 202)
    case 'duplicate':
      return c.json({ status: 'duplicate', ids: outcome.ids }, 200)
    case 'ignored':
      return c.json({ status: 'ignored', reason: outcome.reason }, 202)
    case 'spooled':
      return c.json({ status: 'spooled', ...(outcome.ids && { ids: outcome.ids }) }, 202)
    case 'dead_lettered':
      return c.json(
        { status: 'dead_lettered', reason: outcome.reason, detail: outcome.detail },
        202
      )
    case 'rejected':
    case 'unavailable':
      return answerError(outcome.error, c)
  }
}

/**
 * The raw body, read from the Node request itself (no Web stream: one that never settled once
 * the socket was destroyed leaked in-flight slots), or from the Web request under `app.request()`.
 */
function readRequestBody(
  c: Context,
  limits: { readonly bodyLimitBytes: number; readonly bodyTimeoutMs: number }
): Promise<Uint8Array> {
  const declared = c.req.header('content-length')
  const length = declared === undefined ? undefined : Number(declared)
  const stream =
    incomingOf(c) ??
    (c.req.raw.body ? Readable.fromWeb(c.req.raw.body) : Readable.from([] as Buffer[]))
  return readBody(stream, Number.isSafeInteger(length) ? length : undefined, {
    limitBytes: limits.bodyLimitBytes,
    timeoutMs: limits.bodyTimeoutMs,
  })
}
