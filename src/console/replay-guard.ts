import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { ForbiddenError, type ForbiddenReason } from '../errors.ts'
import type { Logger } from '../log.ts'

/** `ADMIN_TOKEN` and the name the log gives whoever presents it (`ADMIN_TOKEN_NAME`). */
export interface AdminToken {
  readonly name: string
  readonly token: string
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest()

/** Equal texts, compared in constant time (over their digests, so lengths leak nothing either). */
export const tokenMatches = (expected: string, presented: string): boolean =>
  timingSafeEqual(digest(expected), digest(presented))

/**
 * Why this request may come from another site, or `undefined`. A browser names the page's site
 * in `Sec-Fetch-Site` and its origin in `Origin` on every POST; a script (curl) sends neither,
 * and is let through to the token check. The origin's host must be the one the request was sent
 * to, so a page of another host (or a sandboxed `null` origin) cannot drive the console.
 */
function crossSite(c: Context): string | undefined {
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return `sec-fetch-site ${site}`
  const origin = c.req.header('origin')
  if (origin === undefined) return undefined
  let host: string
  try {
    host = new URL(origin).host
  } catch {
    return 'an origin that is not a URL'
  }
  return host !== '' && host === c.req.header('host') ? undefined : 'another origin'
}

/**
 * Lets an operator action through only with `ADMIN_TOKEN` configured, from the console's own
 * origin (or a script), carrying `Authorization: Bearer <ADMIN_TOKEN>`, and returns the token's
 * name (who acted, for the log); otherwise throws `ForbiddenError` (403) with the reason, logged.
 * A browser never attaches that header by itself (unlike a cookie), so a cross-site form or fetch
 * cannot carry it: the header is the CSRF defence, the origin check a second one.
 */
export function authorizeReplay(
  c: Context,
  adminToken: AdminToken | undefined,
  logger: Logger
): string {
  const refuse = (reason: ForbiddenReason, message: string, why?: string) => {
    logger.log('warn', 'console replay refused', {
      reason,
      path: c.req.path,
      ...(why !== undefined && { why }),
    })
    return new ForbiddenError(reason, message)
  }
  if (!adminToken) throw refuse('replay_disabled', 'replay is disabled: ADMIN_TOKEN is not set')
  const why = crossSite(c)
  if (why !== undefined) throw refuse('cross_site', 'refused: a request from another site', why)
  const presented = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1]
  if (presented === undefined) {
    throw refuse('token_missing', 'replay needs Authorization: Bearer <ADMIN_TOKEN>')
  }
  if (!tokenMatches(adminToken.token, presented)) {
    throw refuse('token_invalid', 'the token is not ADMIN_TOKEN')
  }
  return adminToken.name
}
