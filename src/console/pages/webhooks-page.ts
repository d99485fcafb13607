import { html, type Html } from '../html.ts'
import type { WebhookRecord } from '../recent-webhooks.ts'
import { traceLink } from '../trace-link.ts'
import type { WebhookQuery } from '../webhook-query.ts'
import { selectFilter } from './layout.ts'

/** The filter form: a GET, so it works without the script and the URL can be shared. */
export function webhookFilters(
  query: WebhookQuery,
  vendors: readonly string[],
  outcomes: readonly string[]
): Html {
  return html`<form class="filters" method="get" action="/webhooks">
    ${selectFilter('vendor', vendors, query.vendor)}
    ${selectFilter('outcome', outcomes, query.outcome)}
    <label
      >status <input name="status" size="4" placeholder="202, 4xx" value="${query.status ?? ''}"
    /></label>
    <button>Filter</button> <a href="/webhooks">clear</a>
    <label class="live-toggle"><input type="checkbox" id="live" checked /> live</label>
  </form>`
}

const cell = (value: string | number | undefined) =>
  value === undefined ? html`<td class="none">–</td>` : html`<td>${value}</td>`

/** A trace id, linked to `TRACE_UI_URL` when it is set. */
function traceCell(traceId: string | undefined, template: string | undefined): Html {
  if (traceId === undefined) return html`<td class="none">–</td>`
  const href = traceLink(template, traceId)
  const short = traceId.slice(0, 12)
  return href === undefined
    ? html`<td><code title="${traceId}">${short}…</code></td>`
    : html`<td>
        <a href="${href}" rel="noreferrer noopener" target="_blank" title="${traceId}"
          ><code>${short}…</code></a
        >
      </td>`
}

/** The live region: the matching records, newest first, and how many the console keeps. */
export function webhooksLive(
  records: readonly WebhookRecord[],
  kept: { size: number; capacity: number },
  traceUiUrl: string | undefined
): Html {
  const summary = html`<p class="meta">
    ${records.length} shown; ${kept.size} of the last ${kept.capacity} webhooks kept
    (<code>CONSOLE_RECENT_WEBHOOKS</code>).
  </p>`
  if (records.length === 0)
    return html`${summary}
      <p class="empty">No webhook matches.</p>`
  return html`${summary}
    <table class="webhooks">
      <thead>
        <tr>
          <th>time</th>
          <th>vendor</th>
          <th>tenant</th>
          <th>event type</th>
          <th>event id</th>
          <th>outcome</th>
          <th>reason</th>
          <th class="num">status</th>
          <th class="num">ms</th>
          <th>trace</th>
        </tr>
      </thead>
      <tbody>
        ${records.map(
          (record) =>
            html`<tr>
              <td class="time">${record.time}</td>
              <td>${record.vendor}</td>
              ${cell(record.tenant)}${cell(record.eventType)}${cell(record.eventId)}
              <td><span class="badge o-${record.outcome}">${record.outcome}</span></td>
              ${cell(record.reason)}
              <td class="num">${record.status ?? '–'}</td>
              <td class="num">${record.durationMs ?? '–'}</td>
              ${traceCell(record.traceId, traceUiUrl)}
            </tr>`
        )}
      </tbody>
    </table>`
}
