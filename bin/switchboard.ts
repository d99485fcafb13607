#!/usr/bin/env node
/** The `switchboard` command (run by Node 24's type stripping; see package.json `bin`). */
import { readFileSync } from 'node:fs'
import { buffer } from 'node:stream/consumers'
import { adapters } from '../adapters/index.ts'
import { runCli } from '../src/cli/cli.ts'

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
) as { version: string }

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    stdin: async () => buffer(process.stdin),
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    readFile: (path) => readFileSync(path, 'utf8'),
    fetch: globalThis.fetch,
    now: () => new Date(),
    version,
  },
  adapters
)
