import { shorten } from '../../cli/dead-letter.ts'
import { PAYLOAD_FAILURES } from '../../errors.ts'
import type { DeadLetterDetail, DeadLetterPage } from '../dead-letter-reader.ts'
import type { DeadLetterQuery } from '../dead-letter-query.ts'
import { html, type Html } from '../html.ts'
import { selectFilter } from './layout.ts'

/** Characters of `dlq-detail` a list row shows (the detail page shows all of it). */
const DETAIL_CHARS = 80

const orDash = (value: string | null) =>
  value === null ? html`<span class="none">–</span>` : value

/** The filter form (a GET: works without the script, and the URL can be shared). */
export function deadLetterFilters(
  query: DeadLetterQuery['given'],
  vendors: readonly string[]
): Html {
  return html`<form class="filters" method="get" action="/dead-letters">
    ${selectFilter('vendor', vendors, query.vendor)}
    ${selectFilter('reason', PAYLOAD_FAILURES, query.reason)}
    <label
      >since
      <input name="since" size="20" placeholder="2026-11-29T12:00:00Z" value="${query.since ?? ''}"
    /></label>
    <label
      >until <input name="until" size="20" placeholder="ISO 8601" value="${query.until ?? ''}"
    /></label>
    <button>Filter</button> <a href="/dead-letters">clear</a>
  </form>`
}

/** The list: newest first, a checkbox each for replay, the position linking to the detail. */
export function deadLettersTable(page: DeadLetterPage): Html {
  const meta = html`<p class="meta">
    ${page.letters.length} shown of ${page.matched} matching; ${page.total} on the topic.
  </p>`
  if (page.letters.length === 0)
    return html`${meta}
      <p class="empty">No dead letter matches.</p>`
  return html`${meta}
    <table class="dead-letters">
      <thead>
        <tr>
          <th>
            <input type="checkbox" id="select-all" aria-label="select all" class="with-script" />
          </th>
          <th>position</th>
          <th>received</th>
          <th>vendor</th>
          <th>tenant</th>
          <th>reason</th>
          <th>event id</th>
          <th>detail</th>
        </tr>
      </thead>
      <tbody>
        ${page.letters.map(
          (letter) =>
            html`<tr>
              <td>
                <input
                  type="checkbox"
                  name="position"
                  value="${letter.position}"
                  aria-label="select ${letter.position}"
                />
              </td>
              <td><a href="/dead-letters/${letter.position}">${letter.position}</a></td>
              <td class="time">${orDash(letter.receivedAt)}</td>
              <td>${orDash(letter.vendor)}</td>
              <td>${orDash(letter.tenant)}</td>
              <td>
                <span class="badge r-${letter.reason ?? 'none'}">${orDash(letter.reason)}</span>
              </td>
              <td>${orDash(letter.eventId)}</td>
              <td class="detail">
                ${letter.detail === null ? '' : shorten(letter.detail, DETAIL_CHARS)}
              </td>
            </tr>`
        )}
      </tbody>
    </table>`
}

/** One dead letter: what `switchboard dead-letters show` prints, signatures shortened. */
export function deadLetterDetail(letter: DeadLetterDetail): Html {
  return html`<dl class="facts">
      <dt>position</dt>
      <dd>${letter.position}</dd>
      <dt>received</dt>
      <dd>${orDash(letter.receivedAt)}</dd>
      <dt>vendor</dt>
      <dd>${orDash(letter.vendor)}</dd>
      <dt>tenant</dt>
      <dd>${orDash(letter.tenant)}</dd>
      <dt>reason</dt>
      <dd>${orDash(letter.reason)}</dd>
      <dt>event id</dt>
      <dd>${orDash(letter.eventId)}</dd>
      <dt>detail</dt>
      <dd class="detail">${orDash(letter.detail)}</dd>
    </dl>
    <h2>Headers</h2>
    <p class="meta">As kept on the record; signature values cut to their first 12 characters.</p>
    <table class="headers">
      <tbody>
        ${Object.entries(letter.headers).map(
          ([name, value]) =>
            html`<tr>
              <th>${name}</th>
              <td><code>${value}</code></td>
            </tr>`
        )}
      </tbody>
    </table>
    <h2>Body</h2>
    <p class="meta">
      ${letter.bodyBytes} bytes,
      ${letter.bodyEncoding === 'json' ? 'JSON as received' : 'not UTF-8 JSON: base64'}.
    </p>
    <pre class="body">${letter.body}</pre>`
}
