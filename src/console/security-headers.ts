import type { MiddlewareHandler } from 'hono'

/**
 * Only this listener's own script and style sheet run on a console page, no page may frame it
 * (clickjacking a replay button), nothing is cached (a page shows the state of its moment) and
 * no URL leaks in a `Referer` (a trace viewer's link opens another site).
 */
const HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

/** Sets the console's security headers on the answer of every route it guards. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  for (const [name, value] of Object.entries(HEADERS)) c.res.headers.set(name, value)
}
