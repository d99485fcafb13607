import {
  context,
  INVALID_TRACEID,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api'
import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_WEBHOOK_OUTCOME,
  ATTR_WEBHOOK_REASON,
  ATTR_WEBHOOK_VENDOR,
} from '../telemetry/attributes.ts'
import { SwitchboardError } from '../errors.ts'
import type { Logger, LogLevel } from '../log.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import { bridgeTracer } from '../telemetry/tracer.ts'
import { requestHeaders } from './incoming.ts'
import {
  describeOutcome,
  outcomeAttributes,
  type OutcomeKind,
  type WebhookOutcome,
} from '../delivery/outcome.ts'

/** W3C trace context from the request's lower-case header record (`requestHeaders`). */
const headerGetter = {
  keys: (headers: Readonly<Record<string, string>>) => Object.keys(headers),
  get: (headers: Readonly<Record<string, string>>, key: string) => headers[key],
}

/** Hono variables of webhook routes: the handler names the vendor and tenant and records the outcome. */
export interface WebhookEnv {
  Variables: {
    webhookVendor: string | undefined
    /** The route's account, where the vendor's tenant is the account (not named in the body). */
    webhookTenant: string | undefined
    webhookOutcome: WebhookOutcome | undefined
  }
}

/**
 * The outcome of an answer that carries none (an error thrown before or instead of one): 503 is
 * `unavailable`, another 5xx an `error` (a bug), anything else a rejection (404, 408, 413, 400).
 */
const kindOfStatus = (status: number): OutcomeKind | 'error' =>
  status === 503 ? 'unavailable' : status >= 500 ? 'error' : 'rejected'

/** The reason of an answer without an outcome: the error's own (a code), or what the status says. */
function reasonOfAnswer(error: unknown, status: number): string | undefined {
  if (error instanceof SwitchboardError) return error.reason
  if (status === 404) return 'not_found' // app.notFound answers without throwing
  if (status >= 500) return 'internal'
  return undefined
}

/** accepted, duplicate and ignored at info; rejections, dead letters and 503 at warn; a bug at error. */
const levelOf = (kind: OutcomeKind | 'error'): LogLevel =>
  kind === 'error'
    ? 'error'
    : kind === 'rejected' || kind === 'unavailable' || kind === 'dead_lettered'
      ? 'warn'
      : 'info'

/**
 * Middleware around every `/webhooks/*` request: a SERVER span (HTTP semconv, stable) named
 * `POST <route pattern>` once the route is known, continuing an incoming W3C `traceparent`, that
 * also carries the webhook's vendor, outcome, reason, tenant and event (`outcomeAttributes`); the
 * status code of the final answer (Hono's `onError` has already turned errors into responses when
 * `next()` returns, so 401, 404, 413 and 503 are seen too); the request-duration histogram, the
 * received-webhooks counter (vendor, outcome and, where there is one, reason); and exactly one log
 * line per request, once its answer is known:
 *
 * `{"level":"info","message":"webhook accepted","vendor":"acme","tenant":…,"event_type":…,
 * "event_id":…,"outcome":"accepted","status":202,"duration_ms":3.1,"trace_id":…}`
 *
 * with `reason` for every outcome but accepted and duplicate, and fields only where known (a 404
 * for an unknown vendor has no tenant, a rejected webhook whose body names its tenant no event). Never a header, a
 * secret, a signature or the body. The span's status stays unset below 500 (a 401 is the
 * sender's error, not the server's: HTTP semconv) and is an error from 500 on.
 */
export function observeWebhooks(logger: Logger): MiddlewareHandler<WebhookEnv> {
  return async (c, next) => {
    const started = performance.now()
    const headers = requestHeaders(c)
    const parent = propagation.extract(ROOT_CONTEXT, headers, headerGetter)
    const method = c.req.method
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_URL_PATH]: c.req.path,
      // The webhook listener is plain HTTP (TLS ends at the load balancer): no URL to parse.
      [ATTR_URL_SCHEME]: 'http',
    }
    const userAgent = headers['user-agent']
    if (userAgent !== undefined) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent
    const span = bridgeTracer().startSpan(method, { kind: SpanKind.SERVER, attributes }, parent)
    try {
      await context.with(trace.setSpan(parent, span), next)
    } finally {
      const route = routePath(c)
      const status = c.res.status
      // Set by a registered vendor's route; anything else (an unknown vendor's 404) is `unknown`.
      const vendor = c.get('webhookVendor') ?? 'unknown'
      const outcome = c.get('webhookOutcome')
      const known = outcome && describeOutcome(outcome)
      // One description for the span, the metrics and the log line: what the outcome says, else
      // what the answer says; the route's account where the outcome names no tenant.
      const described = {
        kind: known?.kind ?? kindOfStatus(status),
        reason: known ? known.reason : reasonOfAnswer(c.error, status),
        tenant: known?.tenant ?? c.get('webhookTenant'),
        eventType: known?.eventType,
        eventId: known?.eventId,
      }
      const { kind, reason, tenant } = described
      span.updateName(`${method} ${route}`)
      span.setAttributes(outcomeAttributes(vendor, described, outcome))
      span.setAttribute(ATTR_HTTP_ROUTE, route)
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status)
      if (status >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(status))
        // The reason is a code (kafka_unavailable, internal), never payload text.
        span.setStatus({
          code: SpanStatusCode.ERROR,
          ...(reason !== undefined && { message: reason }),
        })
      }
      span.end()
      const ms = performance.now() - started
      const metrics = bridgeMetrics()
      metrics.requestDuration.record(ms / 1000, {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
      })
      const labels: Attributes = { [ATTR_WEBHOOK_VENDOR]: vendor, [ATTR_WEBHOOK_OUTCOME]: kind }
      if (reason !== undefined) labels[ATTR_WEBHOOK_REASON] = reason
      metrics.webhooksReceived.add(1, labels)
      // Built field by field rather than from spreads: one object per line, in this key order.
      const fields: Record<string, unknown> = { vendor }
      if (tenant !== undefined) fields['tenant'] = tenant
      if (described.eventType !== undefined) fields['event_type'] = described.eventType
      if (described.eventId !== undefined) fields['event_id'] = described.eventId
      fields['outcome'] = kind
      if (reason !== undefined) fields['reason'] = reason
      fields['status'] = status
      fields['duration_ms'] = Math.round(ms * 10) / 10
      // The SDK's ids are valid, and an extracted parent was checked: only "no trace" is all zeros.
      const { traceId } = span.spanContext()
      if (traceId !== INVALID_TRACEID) fields['trace_id'] = traceId
      logger.log(levelOf(kind), `webhook ${kind}`, fields)
    }
  }
}
