import type { Context, Hono } from 'hono'
import { parsePosition } from '../cli/dead-letter.ts'
import { UsageError } from '../cli/io.ts'
import { HttpError } from '../errors.ts'
import { html } from './html.ts'
import { currentOverview, type ConsoleDeps } from './console-deps.ts'
import { parseDeadLetterQuery } from './dead-letter-query.ts'
import { readKafka, READ_TIMEOUT_MS } from './kafka-read.ts'
import { layout, notice, type PageFrame } from './pages/layout.ts'
import { deadLetterDetail, deadLetterFilters, deadLettersTable } from './pages/dead-letters-page.ts'
import { overviewLive } from './pages/overview-page.ts'
import { replayPanel } from './pages/replay-panel.ts'
import { tailView } from './pages/tail-page.ts'
import { webhookFilters, webhooksLive } from './pages/webhooks-page.ts'
import { securityHeaders } from './security-headers.ts'
import { matchesQuery, OUTCOMES, parseWebhookQuery } from './webhook-query.ts'

/** How often the script refreshes the Overview and Recent webhooks (ms). */
const REFRESH_MS = 2000

type Frame = Omit<PageFrame, 'version'>

/**
 * The HTML pages: `/` (Overview), `/webhooks`, `/dead-letters`, `/dead-letters/:position` and
 * `/tail`. With `?partial=1` a page answers only its live region (what the script swaps in). A
 * page whose data cannot be had (a bad filter, Kafka away) still renders, with the reason and
 * the status an API call would get.
 */
export function addPages(app: Hono, deps: ConsoleDeps): void {
  const version = deps.bridge.version
  const timeout = deps.readTimeoutMs ?? READ_TIMEOUT_MS
  const vendorChoices = [...deps.vendors, 'unknown']
  const send = (c: Context, frame: Frame, status: 200 | HttpError['status'] = 200) =>
    c.html(
      c.req.query('partial') === '1' ? frame.live.text : layout({ ...frame, version }).text,
      status
    )
  /** A page whose content is the reason it has none. */
  const failed = (c: Context, frame: Omit<Frame, 'live'>, error: unknown) => {
    if (!(error instanceof HttpError)) throw error
    return send(c, { ...frame, live: notice('error', error.message) }, error.status)
  }

  app.get('/', securityHeaders, (c) =>
    send(c, {
      title: 'Overview',
      active: '/',
      live: overviewLive(currentOverview(deps)),
      refreshMs: REFRESH_MS,
    })
  )

  app.get('/webhooks', securityHeaders, (c) => {
    const frame = { title: 'Recent webhooks', active: '/webhooks' } as const
    let query
    try {
      query = parseWebhookQuery(c.req.query())
    } catch (error) {
      return failed(
        c,
        { ...frame, head: webhookFilters({ limit: 0 }, vendorChoices, OUTCOMES) },
        error
      )
    }
    const records = deps.recent.list((record) => matchesQuery(record, query), query.limit)
    return send(c, {
      ...frame,
      head: webhookFilters(query, vendorChoices, OUTCOMES),
      live: webhooksLive(records, deps.recent, deps.traceUiUrl),
      refreshMs: REFRESH_MS,
    })
  })

  app.get('/dead-letters', securityHeaders, async (c) => {
    const frame = { title: 'Dead letters', active: '/dead-letters' } as const
    const enabled = deps.adminToken !== undefined
    try {
      const query = parseDeadLetterQuery(c.req.query())
      const head = deadLetterFilters(query.given, deps.vendors)
      const page = await readKafka(deps.deadLetters.list(query.filter, query.limit), timeout)
      return send(c, {
        ...frame,
        head: html`${head}${replayPanel(enabled)}`,
        live: deadLettersTable(page),
      })
    } catch (error) {
      return failed(c, { ...frame, head: deadLetterFilters({}, deps.vendors) }, error)
    }
  })

  app.get('/dead-letters/:position', securityHeaders, async (c) => {
    const raw = c.req.param('position')
    const frame = { title: `Dead letter ${raw}`, active: '/dead-letters' } as const
    let position
    try {
      position = parsePosition(raw)
    } catch (error) {
      if (!(error instanceof UsageError)) throw error
      return send(c, { ...frame, live: notice('error', error.message) }, 400)
    }
    try {
      const letter = await readKafka(deps.deadLetters.find(position), timeout)
      if (!letter) {
        return send(c, { ...frame, live: notice('error', `No dead letter at ${position}.`) }, 404)
      }
      const enabled = deps.adminToken !== undefined
      return send(c, {
        ...frame,
        head: replayPanel(enabled, position),
        live: deadLetterDetail(letter),
      })
    } catch (error) {
      return failed(c, frame, error)
    }
  })

  app.get('/tail', securityHeaders, (c) => {
    // Opening the page starts the reader, so events landing from now on are shown.
    deps.tail.touch()
    return send(c, {
      title: 'Live tail',
      active: '/tail',
      live: tailView(deps.tail.recent(), deps.tail.state),
    })
  })
}
