/** Writing bench results: JSON under bench/results/, markdown tables on stdout. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { PROJECT_ROOT } from '../../scripts/kafka/paths.ts'

/** Writes `value` as pretty JSON to `bench/results/<name>` and returns the path. */
export function writeResult(name: string, value: unknown): string {
  const file = join(PROJECT_ROOT, 'bench', 'results', name)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`)
  return file
}

/** Writes `text` as it is to `bench/results/<name>` (markdown, SVG) and returns the path. */
export function writeResultText(name: string, text: string): string {
  const file = join(PROJECT_ROOT, 'bench', 'results', name)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
  return file
}

/** The median of the finite values (mean of the middle two for an even count); NaN when none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** A git-ignored folder for logs of a bench run: `.data/bench/<name>`. */
export function workDir(name: string): string {
  const dir = join(PROJECT_ROOT, '.data', 'bench', name)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** A markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]) {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** A number with at most `digits` decimals, or `–` when it is not finite. */
export const fmt = (value: number | undefined, digits = 1): string =>
  value === undefined || !Number.isFinite(value) ? '–' : String(Number(value.toFixed(digits)))

/** Seconds with one decimal from milliseconds, or `–`. */
export const seconds = (ms: number | undefined): string =>
  ms === undefined ? '–' : `${fmt(ms / 1000)} s`
