/**
 * `npm run build:app`: the JavaScript the container image runs, in `dist/app/` (or `--out <dir>`),
 * laid out as the image's `/app`: `src/`, `adapters/` and `bin/switchboard.js` compiled by
 * `tsconfig.app.json` from the bridge's entry (`src/main.ts`), its telemetry preload
 * (`src/telemetry/register.ts`) and the CLI (`bin/switchboard.ts`), with what those read from
 * disk beside their modules: the console's assets and `package.json` (the version). Dependencies
 * are not copied: from `dist/app` Node finds the repository's `node_modules`, in the image the
 * production ones.
 *
 * Why compiled rather than the sources Node 24 can run: once it loads a first `.ts` file, Node
 * keeps its TypeScript stripper (swc built to WebAssembly) in memory for good, about 20 MiB of RSS
 * (a two-line program: 63 MiB as `.ts`, 43 MiB as `.js`; the bridge under the bench's load: peak
 * 179 against 198 MiB, same CPU per webhook). See README, Memory.
 */
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { compileTypeScript, emptiedOutDir, ROOT as root } from './compile-typescript.ts'

const out = emptiedOutDir(join(root, 'dist', 'app'))
// --noCheck: the types were checked by `npm test` (tsc --noEmit); emitting needs none of them,
// which also lets the image's build stage run without @types/node being resolvable.
compileTypeScript('tsconfig.app.json', out, ['--noCheck'])

/** Files the compiled modules read at run time, relative to their own URL. */
const RUNTIME_FILES = ['src/console/assets', 'package.json']
for (const path of RUNTIME_FILES) cpSync(join(root, path), join(out, path), { recursive: true })

// Nothing may be left to strip: one `.ts` module would load the stripper after all.
const left = (function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? find(path) : name.endsWith('.ts') ? [path] : []
  })
})(out)
if (left.length > 0 || !existsSync(join(out, 'src', 'main.js'))) {
  throw new Error(
    `dist/app is incomplete or holds TypeScript: ${left.join(', ') || 'no src/main.js'}`
  )
}
process.stderr.write(`built the production JavaScript into ${relative(root, out) || out}\n`)
