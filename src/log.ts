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

const isLevel = (value: string): value is LogLevel => Object.hasOwn(ORDER, value)

/** The JSON-lines logger at `LOG_LEVEL` (`debug`, `info`, `warn` or `error`; anything else is `info`). */
export function loggerFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env
): Logger {
  const level = env['LOG_LEVEL']?.trim().toLowerCase() ?? 'info'
  return createLogger(isLevel(level) ? level : 'info')
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { log() {} }

/** How {@link foldRepeats} tells lines apart and sums them up. */
export interface FoldOptions {
  /** Names the source in the summary line (`<source>: N similar lines in the last X s`). */
  readonly source: string
  /** Repeats are counted, not written, for this long after a line; one summary per window. */
  readonly windowMs: number
  /** What makes two lines the same; default: their level and message. */
  readonly keyOf?: (level: LogLevel, message: string) => string
}

/** Distinct kinds folded at once, at most; past it lines are written as they come (never lost). */
const MAX_FOLDED_KINDS = 100

/**
 * A logger that writes the first line of a kind, then counts the same line instead of writing it.
 * Once `windowMs` has passed it writes one summary, `<source>: N similar lines in the last X s`
 * (with the first line's message as `like`), and keeps folding for as long as the line keeps
 * coming. A kind that stayed quiet for a whole window is forgotten, so its next occurrence is
 * written in full again. For noisy sources whose every line repeats during an incident (a Kafka
 * outage, a missing OTLP collector). The timers are unref'd: a count pending at exit is lost.
 */
export function foldRepeats(logger: Logger, options: FoldOptions): Logger {
  const { source, windowMs } = options
  const keyOf = options.keyOf ?? ((level, message) => `${level} ${message}`)
  const seconds = Math.round(windowMs / 100) / 10
  const folded = new Map<string, { level: LogLevel; message: string; count: number }>()

  const endWindow = (key: string) => {
    const entry = folded.get(key)
    if (entry === undefined) return
    if (entry.count === 0) {
      folded.delete(key)
      return
    }
    const lines = entry.count === 1 ? 'line' : 'lines'
    logger.log(entry.level, `${source}: ${entry.count} similar ${lines} in the last ${seconds} s`, {
      repeated: entry.count,
      like: entry.message,
    })
    entry.count = 0
    setTimeout(endWindow, windowMs, key).unref()
  }

  return {
    log(level, message, fields) {
      const key = keyOf(level, message)
      const entry = folded.get(key)
      if (entry !== undefined) {
        entry.count++
        return
      }
      if (folded.size < MAX_FOLDED_KINDS) {
        folded.set(key, { level, message, count: 0 })
        setTimeout(endWindow, windowMs, key).unref()
      }
      logger.log(level, message, fields)
    },
  }
}
