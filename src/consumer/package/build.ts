/**
 * Builds the consumer package, `@switchboard/consumer`, into one self-contained folder that
 * `npm pack` turns into the tarball data teams install (`npm run build`; default `dist/consumer/`,
 * `--out <dir>` elsewhere):
 *
 * - `lib/`: the helper compiled by `tsconfig.build.json`, with what it imports from `src/`
 *   (`canonical/`, `errors`, `telemetry/`), declarations and source maps;
 * - `schemas/`: the generated JSON Schemas and AsyncAPI document, as checked in;
 * - `package.json`: this folder's, as is; `README.md` and `contract.md`: `docs/consumer.md` and
 *   `docs/contract.md`, so the guide's link to the contract works in both places.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const root = resolve(import.meta.dirname, '..', '..', '..')
const { values } = parseArgs({
  options: { out: { type: 'string', default: join(root, 'dist', 'consumer') } },
})
const out = resolve(values.out)
// The folder is emptied first, so refuse anything that could hold the sources.
if (!relative(out, root).startsWith('..') || out === root) {
  throw new Error(`refusing to build into ${out}: it contains the repository`)
}
rmSync(out, { recursive: true, force: true })

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const compiled = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(out, 'lib')],
  { stdio: 'inherit' }
)
if (compiled.status !== 0) process.exit(compiled.status ?? 1)

copyFileSync(join(import.meta.dirname, 'package.json'), join(out, 'package.json'))
copyFileSync(join(root, 'docs', 'consumer.md'), join(out, 'README.md'))
copyFileSync(join(root, 'docs', 'contract.md'), join(out, 'contract.md'))
mkdirSync(join(out, 'schemas'))
for (const name of readdirSync(join(root, 'schemas'))) {
  if (name.endsWith('.json')) copyFileSync(join(root, 'schemas', name), join(out, 'schemas', name))
}
