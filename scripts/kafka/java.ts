import { join } from 'node:path'

/** The `java` executable: `$JAVA_HOME/bin/java` when `JAVA_HOME` is set, else `java` from `PATH`. */
export function javaExecutable(): string {
  const home = process.env['JAVA_HOME']
  return home === undefined || home === '' ? 'java' : join(home, 'bin', 'java')
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
