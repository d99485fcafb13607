import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
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
  ATTR_WEBHOOK_VENDOR,
} from '../telemetry/attributes.ts'
import { bridgeMetrics } from '../telemetry/metrics.ts'
import type { OutcomeKind } from './webhook-outcome.ts'

const headerGetter = {
  keys: (headers: Headers) => [...headers.keys()],
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
}

/** Hono variables of webhook routes: the handler names the vendor and records the outcome. */
export interface WebhookEnv {
  Variables: {
    webhookVendor: string | undefined
    webhookOutcome: OutcomeKind | undefined
  }
}

/**
 * Middleware around every `/webhooks/*` request: a SERVER span (HTTP semconv, stable) named
 * `POST <route pattern>` once the route is known, continuing an incoming W3C `traceparent`; the
 * status code of the final answer (Hono's `onError` has already turned errors into responses when
 * `next()` returns, so 401, 404, 413 and 503 are seen too); the request-duration histogram and the
 * received-webhooks counter. The span's status stays unset below 500 and is an error from 500 on.
 */
export const observeWebhooks: MiddlewareHandler<WebhookEnv> = async (c, next) => {
  const started = performance.now()
  const parent = propagation.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter)
  const userAgent = c.req.header('user-agent')
  const span = trace.getTracer('switchboard').startSpan(
    c.req.method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: c.req.method,
        [ATTR_URL_PATH]: c.req.path,
        [ATTR_URL_SCHEME]: new URL(c.req.url).protocol.replace(':', ''),
        ...(userAgent !== undefined && { [ATTR_USER_AGENT_ORIGINAL]: userAgent }),
      },
    },
    parent
  )
  try {
    await context.with(trace.setSpan(parent, span), next)
  } finally {
    const route = routePath(c)
    const status = c.res.status
    span.updateName(`${c.req.method} ${route}`)
    span.setAttributes({ [ATTR_HTTP_ROUTE]: route, [ATTR_HTTP_RESPONSE_STATUS_CODE]: status })
    if (status >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status))
      span.setStatus({ code: SpanStatusCode.ERROR })
    }
    span.end()
    const metrics = bridgeMetrics()
    metrics.requestDuration.record((performance.now() - started) / 1000, {
      [ATTR_HTTP_REQUEST_METHOD]: c.req.method,
      [ATTR_HTTP_ROUTE]: route,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
    })
    metrics.webhooksReceived.add(1, {
      // Set by a registered vendor's route; anything else (an unknown vendor's 404) is `unknown`.
      [ATTR_WEBHOOK_VENDOR]: c.get('webhookVendor') ?? 'unknown',
      // An answered webhook says how it went; an error answer is a rejection (4xx) or a 503.
      [ATTR_WEBHOOK_OUTCOME]:
        c.get('webhookOutcome') ?? (status === 503 ? 'unavailable' : 'rejected'),
    })
  }
}
