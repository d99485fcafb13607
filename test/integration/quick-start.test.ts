/**
 * The README's "Try it" section, run as written by a new user: the development entry as
 * `npm start` runs it (no KAFKA_BROKERS: it finds the broker on LOCAL_KAFKA_PORT), then every
 * `npx switchboard …` line of the section, in order, through `bin/switchboard.js`, with the
 * section's `export` variables and no KAFKA_BROKERS either. Each command must exit as the README
 * says (0 unless its comment says `exits N`), nothing may print a warning, and the bridge must log
 * no warning or error. Only the topics are this test's own, so that the broker's other records
 * stay out of `tail`.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { kafkaBrokers, uniqueName } from '../helpers/kafka.ts'

const ROOT = join(import.meta.dirname, '..', '..')

/** The shell lines of the README's "Try it" section: its `export` variables and its commands. */
function tryIt(): { env: Record<string, string>; commands: { args: string[]; exit: number }[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('### Try it')
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1))
  const lines = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap(([, code]) =>
    code!.split('\n')
  )
  const env: Record<string, string> = {}
  for (const line of lines.filter((each) => each.startsWith('export '))) {
    for (const [, name, value] of line.matchAll(/([A-Z_]+)=(\S+)/g)) env[name!] = value!
  }
  const commands = lines
    .filter((line) => line.startsWith('npx switchboard '))
    .map((line) => {
      const [command, comment = ''] = line.split('#')
      return {
        args: command!.trim().split(/\s+/).slice(2),
        exit: Number(/exits (\d)/.exec(comment)?.[1] ?? 0),
      }
    })
  return { env, commands }
}

/** Runs `node bin/switchboard.js args` to its end. */
function cli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'switchboard.js'), ...args], {
      cwd: ROOT,
      env,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

let bridge: ReturnType<typeof spawn> | undefined
afterAll(async () => {
  if (!bridge || bridge.exitCode !== null) return
  const exited = new Promise((resolve) => bridge!.once('exit', resolve))
  bridge.kill('SIGTERM')
  await exited
}, 30_000)

describe("the README's quick start, on a real broker", () => {
  it('starts like npm start and runs every command of "Try it" as written', async () => {
    const { env: exported, commands } = tryIt()
    expect(commands.map((command) => command.args[0])).toEqual(
      expect.arrayContaining(['send', 'tail', 'dead-letters', 'replay'])
    )
    const port = kafkaBrokers()[0]!.split(':').at(-1)!
    const env = {
      PATH: process.env['PATH'] ?? '',
      ...exported,
      LOCAL_KAFKA_PORT: port,
      PORT: String(await findFreePort()),
      ADMIN_PORT: '0',
      KAFKA_TOPIC_CONVERSATIONS: uniqueName('quick-conversations'),
      KAFKA_TOPIC_CUSTOMERS: uniqueName('quick-customers'),
      KAFKA_TOPIC_DEADLETTER: uniqueName('quick-deadletter'),
      KAFKA_TOPIC_DEDUP: uniqueName('quick-dedup'),
    }
    // What `npm start` runs (package.json), without the shell's MALLOC_ARENA_MAX.
    const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    const args = start.scripts['start']!.split(' ').slice(2)
    bridge = spawn(process.execPath, args, { cwd: ROOT, env })
    const log: string[] = []
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no start in 90 s:\n${log.join('\n')}`)),
        90_000
      )
      const read = (chunk: Buffer) => {
        log.push(...chunk.toString('utf8').trim().split('\n'))
        if (log.some((line) => line.includes('switchboard is listening'))) {
          clearTimeout(timer)
          resolve()
        }
      }
      bridge!.stdout!.on('data', read)
      bridge!.stderr!.on('data', read)
      bridge!.once('exit', (code) =>
        reject(new Error(`exited ${String(code)}:\n${log.join('\n')}`))
      )
    })

    for (const { args: command, exit } of commands) {
      const run = await cli(command, env)
      const what = `switchboard ${command.join(' ')}\n${run.stdout}${run.stderr}`
      expect(run.code, what).toBe(exit)
      expect(run.stderr, what).not.toMatch(/warn|\(node:/i)
      if (command[0] === 'tail') expect(run.stdout.trim().split('\n'), what).toHaveLength(4)
      if (command[0] === 'dead-letters') expect(run.stdout, what).toMatch(/not_a_webhook/)
      if (command[0] === 'send') expect(run.stdout, what).toMatch(/^20[02] /)
    }
    // Quiet and explicit: no telemetry errors, every route has its key. (The dead letter's own
    // webhook line is a warning by design: that one is the point of the command that sent it.)
    const problems = log.filter(
      (line) => /"level":"(warn|error)"/.test(line) && !line.includes('"message":"webhook ')
    )
    expect(problems).toEqual([])
    expect(log.join('\n')).toMatch(/webhooks verified on \/webhooks\//)
  }, 240_000)
})
