import { Hono } from 'hono'
import { loadAssets } from './assets.ts'
import { addApi } from './console-api.ts'
import type { ConsoleDeps } from './console-deps.ts'
import { addPages } from './console-pages.ts'
import { securityHeaders } from './security-headers.ts'

/**
 * The operator console: its pages, its JSON API and its two files (`/assets/console.css`,
 * `/assets/console.js`), as routes to mount on the admin listener. Errors are left to the
 * listener's error handler, so they answer the bridge's JSON error body.
 */
export function createConsoleApp(deps: ConsoleDeps): Hono {
  const app = new Hono()
  const assets = loadAssets()
  app.get('/assets/:name', securityHeaders, (c) => {
    const asset = Object.hasOwn(assets, c.req.param('name'))
      ? assets[c.req.param('name')]
      : undefined
    if (!asset) return c.notFound()
    return c.body(asset.body, 200, { 'content-type': asset.contentType })
  })
  addPages(app, deps)
  addApi(app, deps)
  return app
}
