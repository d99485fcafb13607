import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { trace } from '@opentelemetry/api'
import { Hono, type Context } from 'hono'
import type { VendorAdapter } from '../../adapters/types.ts'
import { NotFoundError, UnavailableError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { ATTR_HTTP_REQUEST_BODY_SIZE } from '../telemetry/attributes.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import { handleWebhook, type WebhookDeps } from './handle-webhook.ts'
import { InFlight } from './in-flight.ts'
import { within } from '../within.ts'
import { errorResponse } from './on-error.ts'
import { observeWebhooks, type WebhookEnv } from './observe-webhooks.ts'
import { readBody } from './read-body.ts'

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
  readonly plain: { readonly adapter: VendorAdapter; readonly secrets: readonly string[] }
  readonly helpcrunch: {
    readonly adapter: VendorAdapter
    /** Signing keys per account; `default` serves `POST /webhooks/helpcrunch`. */
    readonly accounts: Readonly<Record<string, readonly string[]>>
  }
  readonly limits: HttpLimits
  readonly logger: Logger
  /** True once shutdown began: new webhooks are answered 503. */
  readonly isShuttingDown: () => boolean
  /** Webhooks in flight; the service waits on it to drain at shutdown (default: a private one). */
  readonly inFlight?: InFlight
}

/**
 * The webhook listener: `POST /webhooks/plain`, `POST /webhooks/helpcrunch[/:account]`, nothing
 * else (health and metrics are on the admin listener, `admin-app.ts`). Every answer is JSON;
 * statuses come from `errors.ts` and the webhook answers. Webhook requests are traced and measured.
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

  app.use('/webhooks/*', observeWebhooks)

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
  const receive = async (
    c: Context<WebhookEnv>,
    adapter: VendorAdapter,
    tenant: string,
    secrets: readonly string[]
  ) => {
    admit()
    const body = await readRequestBody(c, deps.limits)
    admit()
    trace.getActiveSpan()?.setAttribute(ATTR_HTTP_REQUEST_BODY_SIZE, body.byteLength)
    const metrics = bridgeMetrics()
    metrics.inFlight.add(1)
    const work = inFlight.hold(
      handleWebhook(deps, { adapter, tenant, secrets, body, headers: headersOf(c) }).finally(() => {
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

  app.post('/webhooks/plain', (c) => receive(c, deps.plain.adapter, 'default', deps.plain.secrets))
  app.post('/webhooks/helpcrunch', (c) =>
    receive(c, deps.helpcrunch.adapter, 'default', deps.helpcrunch.accounts['default'] ?? [])
  )
  app.post('/webhooks/helpcrunch/:account', (c) => {
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

/** The Node request under @hono/node-server; absent under `app.request()` in tests. */
const incomingOf = (c: Context): IncomingMessage | undefined =>
  (c.env as { incoming?: IncomingMessage } | undefined)?.incoming

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

/** Lower-case request headers; a repeated header Node keeps as a list is joined as HTTP folds it. */
function headersOf(c: Context): Record<string, string> {
  const incoming = incomingOf(c)
  if (!incoming) return Object.fromEntries(c.req.raw.headers)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}
