/**
 * The operator console in a real browser (headless Chromium driven by playwright-core) against a
 * real bridge and broker: a webhook of every registered vendor appears on Recent webhooks; a
 * second bridge that knows no event type yet dead-letters one onto the shared dead-letter topic;
 * the first bridge's console dry-runs and replays it from the page, the event lands on Kafka and
 * on the live tail, and the replay is logged with the token's name. A page on another origin
 * cannot replay. `CONSOLE_SCREENSHOT=docs/console.png` also saves a screenshot of the Overview.
 *
 * Needs Debian's `chromium` (`scripts/ci/install-chromium.sh`): skipped, saying so, without it,
 * except under CI, where it fails.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters } from '../../adapters/index.ts'
import type { Registry } from '../../src/adapter/contract.ts'
import { loadConfig } from '../../src/config/config.ts'
import type { Topics } from '../../src/kafka/records.ts'
import type { Logger, LogLevel } from '../../src/log.ts'
import { startService, type Service } from '../../src/service.ts'
import { testBridgeEnv } from '../helpers/bridge.ts'
import { runCliWith } from '../helpers/cli-run.ts'
import { consume } from '../helpers/consume.ts'
import { goldenEvents, listFixtureCases, type FixtureCase } from '../helpers/fixtures.ts'
import { kafkaBrokers, testKafka } from '../helpers/kafka.ts'
import { TEST_SECRET } from '../helpers/sign.ts'

const CHROMIUM = '/usr/bin/chromium'
/** The flags a machine without network (but loopback) needs: nothing phones home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const inCi = Boolean(process.env['CI'])
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium && !inCi) {
  console.warn(
    `console-browser.test.ts skipped: ${CHROMIUM} is missing (install Debian's chromium: scripts/ci/install-chromium.sh)`
  )
}

const ADMIN_TOKEN = randomBytes(24).toString('base64url')
const TOKEN_NAME = 'browser-test'
const kafka = testKafka('console-browser')
const cases = listFixtureCases()
const dir = mkdtempSync(join(tmpdir(), 'switchboard-console-'))

/** Yesterday's registry: every adapter as it is, but knowing no event type yet. */
const unmapped: Registry = adapters.map((adapter) => ({ ...adapter, events: {}, ignored: {} }))

/** The vendor's fixtures that map to events, each with its golden event ids. */
const mappedCases = (vendor: string): { fixture: FixtureCase; ids: string[] }[] =>
  cases
    .filter((c) => c.vendor === vendor)
    .map((fixture) => ({
      fixture,
      ids: goldenEvents(vendor, fixture.name).map((event) => event.id),
    }))
    .filter(({ ids }) => ids.length > 0)

/** `switchboard send <vendor> FILE` to `service`, signed with the test secret: its answer. */
async function send(service: Service, fixture: FixtureCase): Promise<Record<string, unknown>> {
  const file = join(dir, `${fixture.vendor}-${randomBytes(4).toString('hex')}.json`)
  writeFileSync(file, fixture.body)
  const account = fixture.tenant === 'default' ? [] : ['--account', fixture.tenant]
  const run = await runCliWith(
    ['send', fixture.vendor, file, ...account, `--secret=${TEST_SECRET}`, '--url', service.url],
    {}
  )
  return JSON.parse(run.stdout[1] ?? 'null') as Record<string, unknown>
}

/** A logger that keeps every line, for the checks on what the console logged. */
function keeping(): Logger & { lines: { level: LogLevel; message: string; fields: object }[] } {
  const lines: { level: LogLevel; message: string; fields: object }[] = []
  return { lines, log: (level, message, fields = {}) => lines.push({ level, message, fields }) }
}

describe.skipIf(!hasChromium && !inCi)('the operator console in Chromium', () => {
  const log = keeping()
  let live: { service: Service; topics: Topics }
  let yesterday: Service
  let browser: BrowserContext
  let page: Page
  let foreign: Server
  /** What beforeAll started, stopped in reverse order (whatever part of it started). */
  const started: (() => Promise<unknown>)[] = []

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`CI needs ${CHROMIUM}: run scripts/ci/install-chromium.sh`)
    const { env, topics } = await testBridgeEnv({
      ADMIN_TOKEN,
      ADMIN_TOKEN_NAME: TOKEN_NAME,
      TRACE_UI_URL: 'http://127.0.0.1:16686/trace/{traceId}',
    })
    live = { service: await startService(loadConfig(env, adapters), kafkaBrokers(), log), topics }
    started.push(() => live.service.stop())
    // Same dead-letter topic: what yesterday's bridge dead-letters, today's console replays.
    const other = await testBridgeEnv({ KAFKA_TOPIC_DEADLETTER: topics.deadLetter })
    yesterday = await startService(loadConfig(other.env, unmapped), kafkaBrokers(), keeping())
    started.push(() => yesterday.stop())
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
    })
    started.push(() => browser.close())
    page = await browser.newPage()
    // A page of another origin (another loopback port) with a form aimed at the console.
    foreign = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html')
      res.end(`<form id="f" method="post" action="${live.service.adminUrl}/api/dead-letters/replay">
<input name="positions" value="0:0"><input name="dryRun" value="false"></form>
<script>document.getElementById('f').submit()</script>`)
    })
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve))
    started.push(async () => {
      foreign.closeAllConnections() // the browser's keep-alive connection would hold close() open
      await new Promise((resolve) => foreign.close(resolve))
    })
  }, 120_000)

  afterAll(async () => {
    for (const stop of started.reverse()) await stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('shows a webhook of every vendor, replays a dead letter from the page, and the event lands on Kafka', async () => {
    const vendors = adapters.map((adapter) => adapter.vendor)
    // The page is open before the webhooks arrive: the script's refresh brings them in.
    await page.goto(`${live.service.adminUrl}/webhooks`)
    let published = 0
    for (const vendor of vendors) {
      const [posted] = mappedCases(vendor)
      expect(posted, `${vendor} has a fixture that maps to events`).toBeDefined()
      expect(await send(live.service, posted!.fixture)).toMatchObject({ status: 'accepted' })
      published += posted!.ids.length
    }
    const rows = page.locator('table.webhooks tbody tr')
    for (const vendor of vendors) {
      const cell = (column: number, text: string) =>
        page.locator(`td:nth-child(${String(column)})`, {
          hasText: new RegExp(`^\\s*${text}\\s*$`),
        })
      await rows
        .filter({ has: cell(2, vendor) })
        .filter({ has: cell(6, 'accepted') })
        .first()
        .waitFor()
    }

    // Dead-letter, on yesterday's bridge, a fixture of the first vendor not yet published today.
    const [vendor] = vendors as [string]
    const [posted, ...others] = mappedCases(vendor)
    const letterCase = others.find(({ ids }) => !ids.some((id) => posted!.ids.includes(id)))
    expect(letterCase, `${vendor} has a second fixture with other events`).toBeDefined()
    const { fixture, ids } = letterCase!
    expect(await send(yesterday, fixture)).toMatchObject({
      status: 'dead_lettered',
      reason: 'unknown_event_type',
    })

    // The live tail runs in a second tab, so the replayed event shows up there too.
    const tail = await browser.newPage()
    await tail.goto(`${live.service.adminUrl}/tail`)
    await tail.locator('.tail-state', { hasText: 'running' }).waitFor({ timeout: 30_000 })

    await page.goto(
      `${live.service.adminUrl}/dead-letters?vendor=${vendor}&reason=unknown_event_type`
    )
    const letterRow = page.locator('table.dead-letters tbody tr', { hasText: fixture.eventType })
    await letterRow.first().waitFor()
    await letterRow.first().locator('input[name=position]').check()
    await page.fill('#replay input[name=token]', ADMIN_TOKEN)
    const replayButton = page.locator('#replay [data-action=replay]')
    expect(await replayButton.isDisabled()).toBe(true)
    await page.click('#replay [data-action=dry-run]')
    await page.locator('#replay-results td', { hasText: 'would-publish' }).waitFor()
    await expect.poll(() => replayButton.isEnabled()).toBe(true)
    await replayButton.click()
    await page.locator('#replay-results td', { hasText: /^published$/ }).waitFor()
    const shown = await page.locator('#replay-results tbody td').allTextContents()
    for (const id of ids) expect(shown.join(' ')).toContain(id)

    // On Kafka: the replayed events, on today's event topics.
    const events = await consume(
      kafka,
      [live.topics.conversations, live.topics.customers],
      published + ids.length
    )
    const landed = events.map((event) => event.headers['ce_id'])
    for (const id of ids) expect(landed).toContain(id)
    // And on the live tail.
    await tail.locator('table.tail tbody tr', { hasText: ids[0]! }).first().waitFor()

    expect(log.lines.filter((line) => line.message === 'console replay')).toMatchObject([
      { level: 'info', fields: { by: TOKEN_NAME, dry_run: true, events: ids.length } },
      { level: 'info', fields: { by: TOKEN_NAME, dry_run: false, events: ids.length } },
    ])
    expect(JSON.stringify(log.lines)).not.toContain(ADMIN_TOKEN)

    const screenshot = process.env['CONSOLE_SCREENSHOT']
    if (screenshot) {
      // More outcomes for the picture: each vendor's webhook again (duplicate), and unsigned (401).
      for (const vendor of vendors) {
        const { fixture: again } = mappedCases(vendor)[0]!
        await send(live.service, again)
        await fetch(`${live.service.url}/webhooks/${vendor}`, {
          method: 'POST',
          body: again.body,
          headers: again.headers,
        })
      }
      await new Promise((resolve) => setTimeout(resolve, 1100))
      await page.goto(`${live.service.adminUrl}/`)
      await page.locator('table.rates').waitFor()
      await page.screenshot({ path: screenshot, fullPage: true })
    }
  }, 180_000)

  it('refuses a replay posted by a page of another origin', async () => {
    const refusals = () => log.lines.filter((line) => line.message === 'console replay refused')
    const before = refusals().length
    const { port } = foreign.address() as AddressInfo
    await page.goto(`http://127.0.0.1:${String(port)}/`)
    await page.waitForURL(/\/api\/dead-letters\/replay$/)
    expect(await page.locator('body').textContent()).toContain('"reason":"cross_site"')
    expect(refusals().slice(before)).toMatchObject([{ fields: { reason: 'cross_site' } }])
  }, 60_000)
})
