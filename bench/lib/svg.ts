/**
 * A grouped bar chart as a standalone SVG string, drawn by hand (no dependency): one group per
 * x label (e.g. connections), one coloured bar per series (e.g. server) with its value on top, a
 * y axis with round ticks, and a legend. Missing values leave a gap.
 */

/** One coloured series of bars: a value per group (`undefined`: not measured). */
export interface BarSeries {
  readonly name: string
  readonly values: readonly (number | undefined)[]
}

/** What {@link barChartSvg} draws. */
export interface BarChart {
  readonly title: string
  readonly subtitle?: string
  /** The x labels, one per group. */
  readonly groups: readonly string[]
  readonly series: readonly BarSeries[]
  readonly yLabel: string
}

const COLORS = ['#9aa5b1', '#e07a5f', '#3d5a80', '#81b29a', '#f2cc8f', '#6d597a', '#457b9d']
const WIDTH = 760
const HEIGHT = 400
const MARGIN = { right: 24, bottom: 40, left: 72 }
/** Legend entries per row, and the height of a row. */
const LEGEND_COLUMNS = 2
const LEGEND_ROW = 16

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/** A round step for about five ticks up to `max` (1, 2 or 5 × 10^n). */
function tickStep(max: number): number {
  const rough = max / 5
  const power = 10 ** Math.floor(Math.log10(rough))
  return ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power
}

/** The chart as an SVG document. */
export function barChartSvg(chart: BarChart): string {
  const legendRows = Math.ceil(chart.series.length / LEGEND_COLUMNS)
  const plotTop = 40 + legendRows * LEGEND_ROW
  const height = HEIGHT + legendRows * LEGEND_ROW
  const plotW = WIDTH - MARGIN.left - MARGIN.right
  const plotH = height - plotTop - MARGIN.bottom
  const values = chart.series.flatMap((s) => s.values).filter((v) => v !== undefined)
  const step = tickStep(Math.max(1, ...values))
  const top = Math.ceil(Math.max(1, ...values) / step) * step
  const y = (value: number) => plotTop + plotH - (value / top) * plotH
  const groupW = plotW / Math.max(1, chart.groups.length)
  const barW = (groupW * 0.8) / Math.max(1, chart.series.length)
  const parts: string[] = []

  for (let tick = 0; tick <= top; tick += step) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e4e7eb"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" text-anchor="end">${tick.toLocaleString('en')}</text>`
    )
  }
  chart.groups.forEach((group, g) => {
    const x0 = MARGIN.left + g * groupW + groupW * 0.1
    parts.push(
      `<text x="${x0 + groupW * 0.4}" y="${height - MARGIN.bottom + 20}" text-anchor="middle">${escape(group)}</text>`
    )
    chart.series.forEach((series, s) => {
      const value = series.values[g]
      if (value === undefined || !Number.isFinite(value)) return
      const x = x0 + s * barW
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(plotTop + plotH - y(value)).toFixed(1)}" fill="${COLORS[s % COLORS.length]!}"><title>${escape(series.name)}: ${Math.round(value).toLocaleString('en')}</title></rect>`,
        `<text x="${(x + barW / 2 - 1).toFixed(1)}" y="${(y(value) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${Math.round(value).toLocaleString('en')}</text>`
      )
    })
  })
  chart.series.forEach((series, s) => {
    const x = MARGIN.left + (s % LEGEND_COLUMNS) * (plotW / LEGEND_COLUMNS)
    const y0 = 32 + Math.floor(s / LEGEND_COLUMNS) * LEGEND_ROW
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y0}" width="12" height="12" fill="${COLORS[s % COLORS.length]!}"/>`,
      `<text x="${(x + 16).toFixed(1)}" y="${y0 + 10}">${escape(series.name)}</text>`
    )
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="12" fill="#1f2933">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="15" font-weight="bold">${escape(chart.title)}</text>`,
    chart.subtitle
      ? `<text x="${WIDTH - MARGIN.right}" y="20" text-anchor="end" font-size="11" fill="#616e7c">${escape(chart.subtitle)}</text>`
      : '',
    ...parts,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${plotTop}" y2="${plotTop + plotH}" stroke="#7b8794"/>`,
    `<text transform="translate(16 ${plotTop + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
    `</svg>`,
    '',
  ].join('\n')
}
