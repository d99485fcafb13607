import { html, type Html } from '../html.ts'
import type { Overview } from '../overview.ts'
import { formatBytes, formatDuration } from './layout.ts'
import { rateChart } from './rate-chart.ts'

/** Per second over the last `seconds` of a series' buckets (the newest ones). */
function ratePerSecond(counts: readonly number[], bucketSeconds: number, seconds: number): string {
  const buckets = Math.max(1, Math.round(seconds / bucketSeconds))
  const sum = counts.slice(-buckets).reduce((total, count) => total + count, 0)
  const rate = sum / (buckets * bucketSeconds)
  // A webhook or two in five minutes is not "0.00 per second".
  return rate > 0 && rate < 0.01 ? '<0.01' : rate.toFixed(2)
}

const card = (title: string, value: Html | string, detail?: Html | string, state?: string) =>
  html`<section class="card${state === undefined ? '' : ` ${state}`}">
    <h2>${title}</h2>
    <p class="value">${value}</p>
    ${detail === undefined ? '' : html`<p class="detail">${detail}</p>`}
  </section>`

/** The cards: Kafka, the de-dup store, the spool, replay, the tail, version and uptime. */
function cards(overview: Overview): Html {
  const { dedup, spool } = overview
  return html`<div class="cards">
    ${card('Kafka', overview.kafka, overview.shuttingDown ? 'shutting down' : undefined, overview.kafka === 'reachable' ? 'ok' : 'bad')}
    ${card(
      'De-dup store',
      dedup.store,
      html`${dedup.ids.toLocaleString('en')} ids,
      ${formatBytes(dedup.memoryBytes)}${dedup.topic === null ? '' : html`<br />topic <code>${dedup.topic}</code>`}`
    )}
    ${
      spool
        ? card(
            'Spool',
            `${spool.depth.toLocaleString('en')} waiting`,
            `${formatBytes(spool.bytes)}, oldest ${formatDuration(spool.oldestAgeSeconds)}${spool.hasRoom ? '' : ', full'}`,
            spool.hasRoom ? (spool.depth > 0 ? 'warn' : 'ok') : 'bad'
          )
        : card('Spool', 'off', 'SPOOL_DIR is not set')
    }
    ${card('Replay', overview.replayEnabled ? 'enabled' : 'disabled', overview.replayEnabled ? 'needs ADMIN_TOKEN' : 'ADMIN_TOKEN is not set')}
    ${card('Version', overview.version, html`up ${formatDuration(overview.uptimeSeconds)}, since ${overview.startedAt}`)}
  </div>`
}

/** The vendor × outcome table: per second over the last minute and the whole window. */
function rateTable(overview: Overview): Html {
  const { webhooks } = overview
  const window = webhooks.buckets * webhooks.bucketSeconds
  if (webhooks.series.length === 0) {
    return html`<p class="empty">No webhooks in the last ${window / 60} minutes.</p>`
  }
  return html`<table class="rates">
    <thead>
      <tr>
        <th>vendor</th>
        <th>outcome</th>
        <th class="num">/s, last minute</th>
        <th class="num">/s, last ${window / 60} min</th>
        <th class="num">webhooks</th>
      </tr>
    </thead>
    <tbody>
      ${webhooks.series.map(
        (series) =>
          html`<tr>
            <td>${series.vendor}</td>
            <td><span class="badge o-${series.outcome}">${series.outcome}</span></td>
            <td class="num">${ratePerSecond(series.counts, webhooks.bucketSeconds, 60)}</td>
            <td class="num">${ratePerSecond(series.counts, webhooks.bucketSeconds, window)}</td>
            <td class="num">${series.total}</td>
          </tr>`
      )}
    </tbody>
  </table>`
}

/** The Overview's live region: cards, the rate chart and the rate table. */
export function overviewLive(overview: Overview): Html {
  return html`${cards(overview)}
    <h2>Webhooks</h2>
    ${rateChart(overview.webhooks)} ${rateTable(overview)}`
}
