import type { TailEvent, TailState } from '../event-tail.ts'
import { html, type Html } from '../html.ts'

const orDash = (value: string | null) =>
  value === null ? html`<span class="none">–</span>` : value

/** One row of the tail; the script builds the same row for each event it receives. */
const row = (event: TailEvent) =>
  html`<tr>
    <td class="time">${orDash(event.time)}</td>
    <td>${event.type}</td>
    <td>${orDash(event.subject)}</td>
    <td>${orDash(event.vendor)}</td>
    <td>${orDash(event.tenant)}</td>
    <td>${event.id}</td>
  </tr>`

/**
 * The live tail: the events read since the tail started (newest first), then, with the script,
 * each new one as it lands (Server-Sent Events from `/api/tail`), with a pause button.
 */
export function tailView(events: readonly TailEvent[], state: TailState): Html {
  return html`<div id="tail" data-state="${state}">
    <p class="meta">
      Canonical events as they land on the event topics, newest first. Reading:
      <span class="tail-state">${state}</span>.
      <span class="with-script"
        ><button type="button" data-action="pause">Pause</button> <span class="tail-pending"></span
      ></span>
    </p>
    <p class="needs-script">
      Without JavaScript this page shows the events read so far: reload it for more.
    </p>
    <table class="tail">
      <thead>
        <tr>
          <th>time</th>
          <th>type</th>
          <th>subject</th>
          <th>vendor</th>
          <th>tenant</th>
          <th>id</th>
        </tr>
      </thead>
      <tbody>
        ${events.map(row)}
      </tbody>
    </table>
  </div>`
}
