/**
 * `bin/switchboard.js` runs the CLI on the host's Node: Node 24 imports the TypeScript entry, an
 * older Node hands it to the node@24 dev dependency. Found on PATH outside npm (npm scripts put
 * node@24 first), the machine's own Node is the one a user's shell runs.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'switchboard.js')
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string
}

/** Every `node` on PATH that is not the node@24 dev dependency: what a user's shell would run. */
function hostNodes(): string[] {
  const found = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout
  return [
    ...new Set(found.split('\n').filter((path) => path !== '' && !path.includes('node_modules'))),
  ]
}

describe('bin/switchboard.js', () => {
  it('runs on this Node 24 and prints the version, nothing on stderr', () => {
    const run = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe(version)
    expect(run.status).toBe(0)
  })

  it.each(hostNodes())('runs on the host Node %s (with node@24 when it is older)', (node) => {
    const hostVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
    const run = spawnSync(node, [BIN, 'normalize', 'nobody'], { encoding: 'utf8' })
    // Reached the CLI itself, whatever the host's version: it knows the registry's vendors.
    expect(run.stderr, hostVersion).toMatch(/unknown vendor "nobody"/)
    expect(run.status).toBe(2)
  })
})
