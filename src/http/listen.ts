import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { answerClientError } from './client-error.ts'

/** How long a connection may take over each part of a request, and stay idle between requests. */
export interface ServerTimeouts {
  /** The request line and headers must arrive whole within this (`HEADERS_TIMEOUT_MS`). */
  readonly headersTimeoutMs: number
  /** The body must arrive whole within this after the headers (`BODY_TIMEOUT_MS`). */
  readonly bodyTimeoutMs: number
  /** An idle keep-alive connection is closed after this (`KEEP_ALIVE_TIMEOUT_MS`). */
  readonly keepAliveTimeoutMs: number
}

/** Where a listener binds. */
export interface ListenOptions {
  readonly port: number
  readonly host: string
  readonly timeouts: ServerTimeouts
}

/**
 * Starts a Node HTTP server for `fetch` and resolves once it listens (rejects on e.g.
 * EADDRINUSE). Slow clients are bounded by Node's own timers, checked every second instead of
 * Node's default 30 s: `headersTimeout` for the headers, and `requestTimeout` as a backstop for the
 * whole request (the app's body read answers 408 at `bodyTimeoutMs` first). What the HTTP parser
 * refuses is answered with a JSON error body (`answerClientError`).
 */
export function listen(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  options: ListenOptions
): Promise<Server> {
  const { headersTimeoutMs, bodyTimeoutMs, keepAliveTimeoutMs } = options.timeouts
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch,
        port: options.port,
        hostname: options.host,
        serverOptions: {
          headersTimeout: headersTimeoutMs,
          requestTimeout: headersTimeoutMs + bodyTimeoutMs + 1000,
          keepAliveTimeout: keepAliveTimeoutMs,
          connectionsCheckingInterval: 1000,
        },
      },
      () => {
        server.off('error', reject)
        resolve(server)
      }
    ) as Server
    server.on('clientError', answerClientError)
    server.once('error', reject)
  })
}
