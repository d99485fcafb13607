import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'

/** A child process to clean up if this Node process goes away first. */
export type GuardedChild = {
  child: ChildProcess
  /** Folder to delete once the child is killed, for throwaway brokers. */
  removeDir?: string
}

const guarded = new Set<GuardedChild>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function killAllNow(): void {
  for (const entry of guarded) {
    const { child, removeDir } = entry
    if (child.exitCode === null && child.signalCode === null) {
      // A kept data folder gets a graceful shutdown (it finishes on its own);
      // a throwaway one is killed outright so its folder can be removed right away.
      try {
        child.kill(removeDir === undefined ? 'SIGTERM' : 'SIGKILL')
      } catch {
        // already gone
      }
    }
    if (removeDir !== undefined) {
      try {
        rmSync(removeDir, { recursive: true, force: true, maxRetries: 3 })
      } catch {
        // best effort while exiting
      }
    }
  }
  guarded.clear()
}

function onExit(): void {
  killAllNow()
}

function onSignal(signal: NodeJS.Signals): void {
  // When the application handles this signal itself, it is expected to stop its brokers (or exit,
  // which runs onExit). Otherwise keep Node's default behaviour: clean up, then die by the signal.
  if (process.listenerCount(signal) > 1) return
  killAllNow()
  uninstall()
  process.kill(process.pid, signal)
}

function install(): void {
  process.on('exit', onExit)
  for (const signal of SIGNALS) process.on(signal, onSignal)
}

function uninstall(): void {
  process.off('exit', onExit)
  for (const signal of SIGNALS) process.off(signal, onSignal)
}

/**
 * Kills `entry.child` (and removes `entry.removeDir`) if this process exits or receives
 * SIGINT/SIGTERM/SIGHUP while the child is still registered. Returns the function that
 * unregisters it, to call once the child has been stopped normally.
 */
export function guardChild(entry: GuardedChild): () => void {
  if (guarded.size === 0) install()
  guarded.add(entry)
  return () => {
    if (guarded.delete(entry) && guarded.size === 0) uninstall()
  }
}
