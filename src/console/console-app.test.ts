import { describe, expect, it } from 'vitest'
import { createAdminApp } from '../http/admin-app.ts'
import type { LogLevel } from '../log.ts'
import { createConsoleApp } from './console-app.ts'
import type { ConsoleDeps } from './console-deps.ts'
import type { DeadLetterDetail, DeadLetterPage } from './dead-letter-reader.ts'
import { RecentWebhooks } from './recent-webhooks.ts'
import type { ReplayRun } from './replay-letters.ts'
import { WebhookRates } from './webhook-rates.ts'

const TOKEN = 'test-admin-token-0123456789'
const HOST = '127.0.0.1:9091'
/** What a vendor (or someone posing as one) may put in a field the console shows. */
const EVIL = '<script>alert("x")</script>'

const LETTER: DeadLetterDetail = {
  position: '0:7',
  partition: 0,
  offset: '7',
  receivedAt: '2030-01-01T00:00:00.000Z',
  vendor: 'acme',
  tenant: EVIL,
  reason: 'invalid_payload',
  eventId: 'ev-1',
  detail: `bad ${EVIL}`,
  key: 'ev-1',
  headers: { 'x-acme-signature': 'abcdef012345…', 'x-evil': EVIL },
  bodyEncoding: 'json',
  body: `{"name":"</pre>${EVIL}"}`,
  bodyBytes: 40,
}

/** A console over fakes: its logger's lines, and the replays it was asked for. */
function setup(options: { token?: boolean } = {}) {
  const logged: { level: LogLevel; message: string; fields: Record<string, unknown> }[] = []
  const replays: { positions: readonly string[]; dryRun: boolean }[] = []
  const recent = new RecentWebhooks(10)
  const page: DeadLetterPage = { letters: [LETTER], matched: 1, total: 3 }
  const deps: ConsoleDeps = {
    vendors: ['acme'],
    recent,
    rates: new WebhookRates(),
    bridge: {
      kafkaReady: () => true,
      isShuttingDown: () => false,
      dedup: { store: 'kafka', topic: 'dedup', window: { size: 3, memoryBytes: 96 } },
      version: '9.9.9',
      startedAt: Date.now() - 65_000,
    },
    deadLetters: {
      list: () => Promise.resolve(page),
      find: (position) => Promise.resolve(position === LETTER.position ? LETTER : undefined),
    },
    replayer: {
      run: (positions, dryRun) => {
        replays.push({ positions, dryRun })
        const run: ReplayRun = {
          dryRun,
          results: positions.map((position) => ({
            position,
            outcome: dryRun ? 'would-publish' : 'published',
            ids: ['acme:ev-1'],
          })),
          summary: {
            selected: positions.length,
            events: positions.length,
            skipped: 0,
            outcomes: {},
          },
        }
        return Promise.resolve(run)
      },
    },
    tail: {
      state: 'idle',
      recent: () => [],
      touch: () => undefined,
      watch: () => () => undefined,
    },
    adminToken: options.token === false ? undefined : { name: 'on-call', token: TOKEN },
    traceUiUrl: 'http://jaeger:16686/trace/{traceId}',
    logger: {
      log: (level, message, fields = {}) => logged.push({ level, message, fields: { ...fields } }),
    },
  }
  const app = createAdminApp({
    kafkaReady: () => true,
    isShuttingDown: () => false,
    logger: deps.logger,
    retryAfterSeconds: 5,
    console: { routes: () => createConsoleApp(deps) },
  })
  const get = (path: string) => app.request(path, { headers: { host: HOST } })
  const replay = (headers: Record<string, string>, body: string) =>
    app.request('/api/dead-letters/replay', {
      method: 'POST',
      headers: { host: HOST, ...headers },
      body,
    })
  return { app, get, replay, recent, logged, replays }
}

const JSON_BODY = JSON.stringify({ positions: ['0:7'], dryRun: true })
const bearer = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

describe('the console pages', () => {
  it.each(['/', '/webhooks', '/dead-letters', '/dead-letters/0:7', '/tail'])(
    'serves %s as HTML with only its own script and style sheet',
    async (path) => {
      const res = await setup().get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      const text = await res.text()
      expect(text).toContain('<script src="/assets/console.js" defer></script>')
      expect(text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//)
    }
  )

  it('serves the script and the style sheet, and 404 for any other asset', async () => {
    const { get } = setup()
    expect((await get('/assets/console.js')).headers.get('content-type')).toMatch(/javascript/)
    expect((await get('/assets/console.css')).headers.get('content-type')).toMatch(/text\/css/)
    expect((await get('/assets/__proto__')).status).toBe(404)
  })

  it('escapes the HTML in vendor-provided strings of the recent webhooks', async () => {
    const { get, recent } = setup()
    recent.add(Date.now(), {
      vendor: 'acme',
      tenant: EVIL,
      event_type: `"><img src=x onerror=alert(1)>`,
      outcome: 'accepted',
      status: 202,
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    })
    const text = await (await get('/webhooks')).text()
    expect(text).not.toContain(EVIL)
    expect(text).not.toContain('<img')
    expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(text).toContain('href="http://jaeger:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736"')
  })

  it('escapes the HTML of a dead letter: tenant, detail, headers and body', async () => {
    const { get } = setup()
    for (const path of ['/dead-letters', '/dead-letters/0:7']) {
      const text = await (await get(path)).text()
      expect(text).not.toContain(EVIL)
      expect(text).toContain('&lt;script&gt;')
    }
    const detail = await (await get('/dead-letters/0:7')).text()
    expect(detail).toContain('&lt;/pre&gt;')
    expect(detail.match(/<\/pre>/g)).toHaveLength(1)
  })

  it('filters the recent webhooks by vendor, outcome and status class', async () => {
    const { get, recent } = setup()
    recent.add(1, { vendor: 'acme', outcome: 'accepted', status: 202 })
    recent.add(2, { vendor: 'acme', outcome: 'rejected', status: 401 })
    recent.add(3, { vendor: 'unknown', outcome: 'rejected', status: 404 })
    const statuses = async (query: string) => {
      const body = (await (await get(`/api/webhooks?${query}`)).json()) as {
        webhooks: { status: number }[]
      }
      return body.webhooks.map((webhook) => webhook.status)
    }
    expect(await statuses('')).toEqual([404, 401, 202])
    expect(await statuses('vendor=acme')).toEqual([401, 202])
    expect(await statuses('outcome=rejected&status=4xx')).toEqual([404, 401])
    expect(await statuses('status=202')).toEqual([202])
    expect((await get('/api/webhooks?status=abc')).status).toBe(400)
  })

  it('answers the overview as JSON', async () => {
    const body = (await (await setup().get('/api/overview')).json()) as Record<string, unknown>
    expect(body).toMatchObject({
      version: '9.9.9',
      kafka: 'reachable',
      dedup: { store: 'kafka', topic: 'dedup', ids: 3 },
      spool: null,
      replayEnabled: true,
    })
    expect(body['uptimeSeconds']).toBeGreaterThanOrEqual(65)
  })

  it('answers 404 for a dead letter that is not there, 400 for a position that is no position', async () => {
    const { get } = setup()
    expect((await get('/api/dead-letters/0:8')).status).toBe(404)
    expect((await get('/api/dead-letters/zero')).status).toBe(400)
    expect((await get('/dead-letters/0:8')).status).toBe(404)
  })
})

describe('POST /api/dead-letters/replay', () => {
  it('is refused with 403 when ADMIN_TOKEN is not set, and replays nothing', async () => {
    const { replay, replays, logged, get } = setup({ token: false })
    const res = await replay(bearer, JSON_BODY)
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({
      error: { code: 'forbidden', reason: 'replay_disabled' },
    })
    expect(replays).toEqual([])
    expect(logged).toMatchObject([
      { level: 'warn', message: 'console replay refused', fields: { reason: 'replay_disabled' } },
    ])
    const page = await (await get('/dead-letters')).text()
    expect(page).toContain('data-enabled="false"')
    expect(page).not.toContain('data-action="replay"')
  })

  it.each([
    {
      case: 'a cross-site form POST without the token',
      headers: {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'positions=0%3A7&dryRun=false',
      reason: 'cross_site',
    },
    {
      case: 'a cross-site fetch without Sec-Fetch-Site but from another origin',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON_BODY,
      reason: 'cross_site',
    },
    {
      case: 'a cross-site request even with the token',
      headers: { ...bearer, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: JSON_BODY,
      reason: 'cross_site',
    },
    {
      case: 'a same-origin form POST without the token',
      headers: {
        origin: `http://${HOST}`,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'positions=0%3A7&dryRun=false',
      reason: 'token_missing',
    },
    {
      case: 'a wrong token',
      headers: { ...bearer, authorization: 'Bearer not-the-admin-token-at-all' },
      body: JSON_BODY,
      reason: 'token_invalid',
    },
  ])('refuses $case with 403 $reason', async ({ headers, body, reason }) => {
    const { replay, replays, logged } = setup()
    const res = await replay(headers, body)
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden', reason } })
    expect(replays).toEqual([])
    expect(logged.map((line) => [line.message, line.fields['reason']])).toEqual([
      ['console replay refused', reason],
    ])
  })

  it('replays with the token from the console itself, and logs who, what and the result', async () => {
    const { replay, replays, logged } = setup()
    const res = await replay(
      { ...bearer, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' },
      JSON.stringify({ positions: ['0:7', '00:07', '1:2'], dryRun: false })
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      dryRun: false,
      results: [{ position: '0:7', outcome: 'published' }, { position: '1:2' }],
    })
    expect(replays).toEqual([{ positions: ['0:7', '1:2'], dryRun: false }])
    expect(logged).toMatchObject([
      {
        level: 'info',
        message: 'console replay',
        fields: {
          by: 'on-call',
          dry_run: false,
          positions: ['0:7', '1:2'],
          results: [
            { position: '0:7', outcome: 'published' },
            { position: '1:2', outcome: 'published' },
          ],
        },
      },
    ])
    expect(JSON.stringify(logged)).not.toContain(TOKEN)
  })

  it('lets a script (no Origin, no Sec-Fetch-Site) dry-run with the token', async () => {
    const { replay, replays } = setup()
    expect((await replay(bearer, JSON_BODY)).status).toBe(200)
    expect(replays).toEqual([{ positions: ['0:7'], dryRun: true }])
  })

  it.each([
    { case: 'a body that is not JSON', body: 'positions=0:7' },
    { case: 'no positions', body: JSON.stringify({ positions: [], dryRun: true }) },
    { case: 'no dryRun', body: JSON.stringify({ positions: ['0:7'] }) },
    { case: 'a bad position', body: JSON.stringify({ positions: ['x'], dryRun: true }) },
  ])('answers 400 for $case, with the token', async ({ body }) => {
    const { replay, replays } = setup()
    const res = await replay(bearer, body)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } })
    expect(replays).toEqual([])
  })
})
