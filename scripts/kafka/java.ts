import { join } from 'node:path'
import { runCommand } from './run-command.ts'

/** The `java` executable: `$JAVA_HOME/bin/java` when `JAVA_HOME` is set, else `java` from `PATH`. */
export function javaExecutable(): string {
  const home = process.env['JAVA_HOME']
  return home === undefined || home === '' ? 'java' : join(home, 'bin', 'java')
}

/** The oldest Java the pinned Kafka (4.x) runs on. */
export const MIN_JAVA_VERSION = 17

/**
 * Why `javaExecutable()` cannot run the broker, in a few words, or `undefined` when it can: not
 * found, or older than {@link MIN_JAVA_VERSION}. Runs `java -version` (under 0.1 s).
 */
export async function javaProblem(): Promise<string | undefined> {
  const java = javaExecutable()
  // Rejects only when the executable cannot be started.
  const ran = await runCommand(java, ['-version']).catch(() => undefined)
  if (ran === undefined) {
    return java === 'java'
      ? 'java not found on PATH'
      : `no java in JAVA_HOME=${process.env['JAVA_HOME'] ?? ''}`
  }
  // `openjdk version "17.0.15"`, or `"1.8.0_392"` before Java 9.
  const major = /version "(?:1\.)?(\d+)/.exec(ran.output)?.[1]
  if (major !== undefined && Number(major) < MIN_JAVA_VERSION) {
    return `${java} is Java ${major}, Kafka needs ${MIN_JAVA_VERSION} or newer`
  }
  return undefined
}

/**
 * JVM flags for a small, fast-starting local broker: a small heap, the serial collector and
 * C1-only JIT (quicker start-up, lower RSS; throughput does not matter for a test broker).
 */
export const BROKER_JVM_FLAGS: readonly string[] = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
]

/** JVM flags for short-lived tool runs (the storage formatter). */
export const TOOL_JVM_FLAGS: readonly string[] = [
  '-Xmx128m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Djava.awt.headless=true',
]

/** The `-cp` value that puts every jar of `libsDir` on the classpath (expanded by the JVM). */
export function classpathOf(libsDir: string): string {
  return join(libsDir, '*')
}
