/**
 * What the project's build scripts share (`npm run build`'s consumer package, `npm run
 * build:app`'s image JavaScript): an output folder named by `--out`, emptied first, and tsc run
 * with one of the repository's tsconfig files.
 */
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '..')

/**
 * The folder `--out` names (default `defaultOut`), emptied. Since it is emptied, a folder that
 * contains the repository is refused.
 */
export function emptiedOutDir(defaultOut: string): string {
  const { values } = parseArgs({ options: { out: { type: 'string', default: defaultOut } } })
  const out = resolve(values.out)
  if (!relative(out, ROOT).startsWith('..') || out === ROOT) {
    throw new Error(`refusing to build into ${out}: it contains the repository`)
  }
  rmSync(out, { recursive: true, force: true })
  return out
}

/** Runs the project's tsc with `tsconfig` (a file of the root) into `outDir`; exits on failure. */
export function compileTypeScript(
  tsconfig: string,
  outDir: string,
  flags: readonly string[] = []
): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const compiled = spawnSync(
    process.execPath,
    [tsc, '-p', join(ROOT, tsconfig), ...flags, '--outDir', outDir],
    { stdio: 'inherit' }
  )
  if (compiled.status !== 0) process.exit(compiled.status ?? 1)
}
