/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 }

/** A structured logger: one JSON object per line on stderr. Never pass secrets, signatures or bodies. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void
}

/** JSON lines to stderr at `minLevel` and above (`LOG_LEVEL`, default `info`). */
export function createLogger(
  minLevel: LogLevel = 'info',
  write = (line: string) => process.stderr.write(line)
): Logger {
  return {
    log(level, message, fields) {
      if (ORDER[level] < ORDER[minLevel]) return
      write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`)
    },
  }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { log() {} }
