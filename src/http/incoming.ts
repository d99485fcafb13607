import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'

/** The Node request under @hono/node-server; absent under `app.request()` in tests. */
export const incomingOf = (c: Context): IncomingMessage | undefined =>
  (c.env as { incoming?: IncomingMessage } | undefined)?.incoming

/**
 * Lower-case request headers; a repeated header Node keeps as a list is joined as HTTP folds it.
 * Read from the Node request where there is one: `c.req.raw.headers` would make
 * @hono/node-server build a Web `Request` and `Headers` for every webhook (they showed in a profile).
 * Cached on the request, so the tracing middleware and the handler share one copy.
 */
export function requestHeaders(c: Context): Readonly<Record<string, string>> {
  const cached = headerCache.get(c)
  if (cached) return cached
  const incoming = incomingOf(c)
  let headers: Record<string, string>
  if (!incoming) {
    headers = Object.fromEntries(c.req.raw.headers)
  } else {
    headers = {}
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
  }
  headerCache.set(c, headers)
  return headers
}

const headerCache = new WeakMap<Context, Record<string, string>>()
