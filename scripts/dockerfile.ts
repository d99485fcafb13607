import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT_ROOT } from './kafka/paths.ts'

/**
 * The arguments of every `<instruction>` line of the Dockerfile's final stage (after its last
 * `FROM`; line continuations joined), in order; `[]` without a Dockerfile. What the image runs
 * with, for the bench (its production command and environment) and the tests that check them.
 */
export function dockerfileInstructions(instruction: string): string[] {
  let dockerfile: string
  try {
    dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8')
  } catch {
    return []
  }
  const lines = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/)
  const lastFrom = lines.findLastIndex((line) => /^\s*FROM\s/i.test(line))
  const joined = lines.slice(Math.max(0, lastFrom)).join('\n')
  const pattern = new RegExp(`^\\s*${instruction}\\s+(.*?)\\s*$`, 'gim')
  return [...joined.matchAll(pattern)].map(([, args]) => args!)
}

/**
 * The command the image runs: the final stage's last `CMD`, when it is the exec form (a JSON
 * array of strings); `undefined` for the shell form or without one.
 */
export function dockerfileExecCommand(): string[] | undefined {
  const cmd = dockerfileInstructions('CMD').at(-1)
  if (cmd === undefined) return undefined
  try {
    const args = JSON.parse(cmd) as unknown
    if (Array.isArray(args) && args.every((arg) => typeof arg === 'string')) return args
  } catch {
    // the shell form, or not JSON
  }
  return undefined
}
