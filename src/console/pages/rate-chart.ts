import { html, type Html } from '../html.ts'
import type { RateSnapshot } from '../webhook-rates.ts'

const WIDTH = 600
const HEIGHT = 120

/** Per-outcome sums over every vendor: the lines of the chart. */
function byOutcome(snapshot: RateSnapshot): Map<string, number[]> {
  const lines = new Map<string, number[]>()
  for (const series of snapshot.series) {
    const line = lines.get(series.outcome) ?? new Array<number>(snapshot.buckets).fill(0)
    series.counts.forEach((count, i) => {
      line[i] = (line[i] ?? 0) + count
    })
    lines.set(series.outcome, line)
  }
  return lines
}

/** `x,y` points of one line, per second (count / bucket length), scaled to the chart. */
const points = (counts: readonly number[], bucketSeconds: number, max: number): string =>
  counts
    .map((count, i) => {
      const x = counts.length < 2 ? 0 : (i / (counts.length - 1)) * WIDTH
      const y = HEIGHT - (count / bucketSeconds / max) * (HEIGHT - 4) - 2
      return `${x.toFixed(1)},${y.toFixed(1)}`
    })
    .join(' ')

/**
 * Webhooks per second over the snapshot's window, one line per outcome (all vendors), as inline
 * SVG: no script, no external asset; colours come from the outcome's class in the style sheet.
 */
export function rateChart(snapshot: RateSnapshot): Html {
  const lines = byOutcome(snapshot)
  const peak = Math.max(0, ...[...lines.values()].flat()) / snapshot.bucketSeconds
  const max = peak > 0 ? peak : 1
  const minutes = (snapshot.buckets * snapshot.bucketSeconds) / 60
  const label = `Webhooks per second by outcome over the last ${String(minutes)} minutes; peak ${peak.toFixed(1)}/s`
  return html`<figure class="chart">
    <svg
      viewBox="0 0 ${WIDTH} ${HEIGHT}"
      width="${WIDTH}"
      height="${HEIGHT}"
      role="img"
      aria-label="${label}"
    >
      <line class="axis" x1="0" y1="${HEIGHT - 1}" x2="${WIDTH}" y2="${HEIGHT - 1}" />
      <text x="4" y="12">${max.toFixed(max < 10 ? 1 : 0)}/s</text>
      <text x="4" y="${HEIGHT - 5}">−${minutes} min</text>
      <text x="${WIDTH - 4}" y="${HEIGHT - 5}" text-anchor="end">now</text>
      ${[...lines].map(
        ([outcome, counts]) =>
          html`<polyline
            class="line o-${outcome}"
            fill="none"
            points="${points(counts, snapshot.bucketSeconds, max)}"
          />`
      )}
    </svg>
    <figcaption>
      ${label}.
      ${[...lines.keys()].map((outcome) => html` <span class="key o-${outcome}">${outcome}</span>`)}
    </figcaption>
  </figure>`
}
