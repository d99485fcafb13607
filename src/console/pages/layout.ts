import { html, type Html } from '../html.ts'

/** The console's pages, as the navigation names them. */
export const PAGES = [
  { path: '/', title: 'Overview' },
  { path: '/webhooks', title: 'Recent webhooks' },
  { path: '/dead-letters', title: 'Dead letters' },
  { path: '/tail', title: 'Live tail' },
] as const

/** One of {@link PAGES}' paths. */
export type PagePath = (typeof PAGES)[number]['path']

/** What every page has besides its content. */
export interface PageFrame {
  readonly title: string
  readonly active: PagePath
  readonly version: string
  /** The page's content, outside the live region: filters, forms, the replay panel. */
  readonly head?: Html
  /** The part the script refreshes every `refreshMs` (re-fetched with `?partial=1`). */
  readonly live: Html
  readonly refreshMs?: number
}

/**
 * A whole page: navigation, the page's own content, and its live region. Styles and script are
 * this listener's own files (no asset from anywhere else); everything reads without the script.
 */
export function layout(frame: PageFrame): Html {
  const nav = PAGES.map(
    ({ path, title }) =>
      html`<a href="${path}" ${path === frame.active ? html` aria-current="page"` : ''}
        >${title}</a
      >`
  )
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title} · Switchboard</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <script src="/assets/console.js" defer></script>
      </head>
      <body>
        <header>
          <strong>Switchboard</strong>
          <nav>${nav}</nav>
          <span class="version">v${frame.version}</span>
        </header>
        <main>
          <h1>${frame.title}</h1>
          ${frame.head}
          <div
            id="live-region"
            ${frame.refreshMs === undefined ? '' : html` data-refresh="${frame.refreshMs}"`}
          >
            ${frame.live}
          </div>
        </main>
      </body>
    </html> `
}

/** A message box: what failed (Kafka unreachable, a bad filter) in place of the content. */
export const notice = (kind: 'error' | 'info', text: string): Html =>
  html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>`

/** One filter of a form: `name` as its label, a select of "any" and `values`, `chosen` selected. */
export const selectFilter = (
  name: string,
  values: readonly string[],
  chosen: string | undefined
): Html =>
  html`<label
    >${name}
    <select name="${name}">
      <option value="">any</option>
      ${values.map(
        (value) => html`<option${value === chosen ? html` selected` : ''}>${value}</option>`
      )}
    </select></label
  >`

/** Bytes as B, KiB, MiB or GiB, one decimal. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${String(bytes)} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`
}

/** Seconds as `1d 2h`, `3h 4m`, `5m 6s` or `7s`. */
export function formatDuration(seconds: number): string {
  const s = Math.floor(seconds)
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60]
  if (d > 0) return `${String(d)}d ${String(h)}h`
  if (h > 0) return `${String(h)}h ${String(m)}m`
  if (m > 0) return `${String(m)}m ${String(s % 60)}s`
  return `${String(s)}s`
}
