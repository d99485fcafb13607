#!/usr/bin/env node
// The `switchboard` command on whatever Node the host has. The CLI itself is TypeScript that Node 24
// runs by stripping types (bin/switchboard.ts); older Nodes cannot read it. So on Node 24 or later
// this file imports it, and on an older Node it runs it with the Node 24 that `npm ci` installs as
// the `node` dev dependency, or says in one line what is missing. Plain JavaScript on purpose.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const NEEDED = 24
const major = Number(process.versions.node.split('.')[0])

if (major >= NEEDED) {
  await import('./switchboard.ts')
} else {
  const node = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url))
  if (!existsSync(node)) {
    process.stderr.write(
      `switchboard: needs Node ${NEEDED} or later (this is Node ${process.versions.node}); ` +
        `install Node ${NEEDED}, or run \`npm ci\` in the repository, which installs it ` +
        `(the node@${NEEDED} dev dependency)\n`
    )
    process.exit(2)
  }
  const main = fileURLToPath(new URL('./switchboard.ts', import.meta.url))
  const run = spawnSync(node, [main, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(run.status ?? 1)
}
