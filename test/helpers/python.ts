import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')
/** Where `jsonschema` is installed when the machine's Python lacks it (git-ignored, reused). */
const PACKAGES = join(ROOT, '.data', 'python')

/** `python3 args` with the installed packages on its path. */
export const python = (args: string[], input?: string) =>
  spawnSync('python3', args, {
    encoding: 'utf8',
    input,
    env: { ...process.env, PYTHONPATH: PACKAGES },
    timeout: 60_000,
  })

/** `undefined` when Python can validate with `jsonschema` (installing it if need be), else why not. */
export function pythonUnavailable(): string | undefined {
  const probe = python(['-c', 'import jsonschema'])
  if (probe.error) return `python3 is not available (${probe.error.message})`
  if (probe.status === 0) return undefined
  const install = python([
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--upgrade',
    '--target',
    PACKAGES,
    'jsonschema',
  ])
  if (install.status !== 0)
    return `jsonschema is missing and pip could not install it: ${install.stderr}`
  return python(['-c', 'import jsonschema']).status === 0 ? undefined : 'jsonschema did not import'
}

/** The Python example of docs/consumer.md, verbatim: what the guide shows is what runs here. */
export function guideExample(): string {
  const guide = readFileSync(join(ROOT, 'docs', 'consumer.md'), 'utf8')
  const code = /```python\n([\s\S]*?)```/.exec(guide)?.[1]
  if (code === undefined) throw new Error('docs/consumer.md has no ```python block')
  return code
}
