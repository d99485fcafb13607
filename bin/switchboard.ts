#!/usr/bin/env node
/** The `switchboard` command (run by Node 24's type stripping; see package.json `bin`). */
import { buffer } from 'node:stream/consumers'
import { adapters } from '../adapters/index.ts'
import { runCli } from '../src/cli/normalize-command.ts'

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    stdin: async () => buffer(process.stdin),
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  },
  adapters
)
