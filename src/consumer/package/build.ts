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
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  compileTypeScript,
  emptiedOutDir,
  ROOT as root,
} from '../../../scripts/compile-typescript.ts'

const out = emptiedOutDir(join(root, 'dist', 'consumer'))
compileTypeScript('tsconfig.build.json', join(out, 'lib'))

copyFileSync(join(import.meta.dirname, 'package.json'), join(out, 'package.json'))
copyFileSync(join(root, 'docs', 'consumer.md'), join(out, 'README.md'))
copyFileSync(join(root, 'docs', 'contract.md'), join(out, 'contract.md'))
mkdirSync(join(out, 'schemas'))
for (const name of readdirSync(join(root, 'schemas'))) {
  if (name.endsWith('.json')) copyFileSync(join(root, 'schemas', name), join(out, 'schemas', name))
}
