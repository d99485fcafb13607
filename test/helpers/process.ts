import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const ROOT = join(import.meta.dirname, '..', '..')

/**
 * Runs the bridge as the container's entry (`src/main.ts`) or `npm start` (`scripts/start-dev.ts`)
 * does from the sources, or as the image does (`image`: the Dockerfile's command, its arguments
 * after `node`, in a folder built by scripts/build-app.ts), with only the given environment, and
 * collects the JSON log lines it prints on stderr.
 */
export function startBridge(
  env: Record<string, string>,
  options: {
    preload?: boolean
    entry?: 'production' | 'development'
    image?: { readonly args: readonly string[]; readonly cwd: string }
  } = {}
) {
  const args = options.image
    ? [...options.image.args]
    : [
        ...(options.preload ? ['--import', join(ROOT, 'src', 'telemetry', 'register.ts')] : []),
        options.entry === 'development'
          ? join(ROOT, 'scripts', 'start-dev.ts')
          : join(ROOT, 'src', 'main.ts'),
      ]
  const child = spawn(process.execPath, args, {
    ...(options.image && { cwd: options.image.cwd }),
    // A free admin port unless the test names one: several bridges run at once.
    env: { PATH: process.env['PATH'] ?? '', ADMIN_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const waiters: { match: RegExp; resolve: (line: string) => void }[] = []
  createInterface({ input: child.stderr }).on('line', (line) => {
    lines.push(line)
    for (const waiter of waiters.filter((w) => w.match.test(line))) waiter.resolve(line)
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code))
  )
  /** The first log line matching `match` (already printed or to come), or a rejection after `ms`. */
  const waitFor = (match: RegExp, ms = 90_000) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find((line) => match.test(line))
      if (found) return resolve(found)
      waiters.push({ match, resolve })
      setTimeout(
        () =>
          reject(new Error(`no log line ${String(match)} within ${ms} ms:\n${lines.join('\n')}`)),
        ms
      )
    })
  const listening = async () =>
    JSON.parse(await waitFor(/switchboard is listening/)) as { url: string; adminUrl: string }
  /** Waits for the "listening" line and returns the webhook listener's URL it names. */
  const url = async () => (await listening()).url
  /** Waits for the "listening" line and returns the admin listener's URL it names. */
  const adminUrl = async () => (await listening()).adminUrl
  return { child, lines, exited, waitFor, url, adminUrl }
}
