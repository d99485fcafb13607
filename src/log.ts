/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 }

/** A structured logger: one JSON object per line on stderr. Never pass secrets, signatures or bodies. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void
}

/**
 * JSON lines at `minLevel` and above (`LOG_LEVEL`, default `info`), each handed to `write` as it
 * is logged; by default to stderr through {@link bufferedStderr}, one write per turn of the event
 * loop.
 */
export function createLogger(
  minLevel: LogLevel = 'info',
  write: (line: string) => unknown = bufferedStderr
): Logger {
  return {
    log(level, message, fields) {
      if (ORDER[level] < ORDER[minLevel]) return
      write(lineOf(level, message, fields))
    },
  }
}

/** Keys a line writes itself; fields that repeat one are written as a spread would. */
const OWN_KEYS = ['time', 'level', 'message'] as const

/**
 * `{"time":…,"level":…,"message":…,<fields>}` and a newline: the fields' JSON spliced after the
 * three keys every line has, rather than spread into a new object first (half the cost per line).
 */
function lineOf(
  level: LogLevel,
  message: string,
  fields: Readonly<Record<string, unknown>> | undefined
): string {
  const time = isoNow()
  if (fields !== undefined && OWN_KEYS.some((key) => Object.hasOwn(fields, key))) {
    return `${JSON.stringify({ time, level, message, ...fields })}\n`
  }
  const head = `{"time":"${time}","level":"${level}","message":${JSON.stringify(message)}`
  const rest = fields === undefined ? '{}' : JSON.stringify(fields)
  return rest.length > 2 ? `${head},${rest.slice(1)}\n` : `${head}}\n`
}

let lastMs = Number.NaN
let lastIso = ''

/** `new Date().toISOString()`, formatted once per millisecond. */
function isoNow(): string {
  const now = Date.now()
  if (now !== lastMs) {
    lastMs = now
    lastIso = new Date(now).toISOString()
  }
  return lastIso
}

/** Lines waiting for {@link flushLogs}, and whether a flush is scheduled. */
let pending = ''
let scheduled = false
let exitHooked = false

/** A turn of the event loop writes at once at most about this much (then flushes early). */
const MAX_PENDING_CHARS = 64 * 1024

/**
 * Appends a line to the process's log buffer, written to stderr in one `write` once per turn of
 * the event loop (`setImmediate`, after the turn's I/O callbacks, so the lines of every request
 * handled in that turn go together), at 64 KiB, by {@link flushLogs}, and synchronously when the
 * process exits, whether by `process.exit` or a crash (the `exit` event). What a SIGKILL catches
 * in the buffer, at most one turn's lines, is lost. At high rates a write per line was a system
 * call per webhook. The write itself is as synchronous as stderr is (files, pipes and terminals on
 * Linux), so the buffer never holds more than a turn's lines.
 */
export function bufferedStderr(line: string): void {
  pending += line
  if (pending.length >= MAX_PENDING_CHARS) {
    flushLogs()
    return
  }
  if (!scheduled) {
    scheduled = true
    setImmediate(flushLogs).unref()
  }
  if (!exitHooked) {
    exitHooked = true
    process.on('exit', flushLogs)
  }
}

/**
 * Writes `text` to stderr at once, after every log line still buffered: a last message written
 * past the logger (a start-up failure just before `process.exit`) keeps its place after the lines
 * logged before it.
 */
export function writeStderrNow(text: string): void {
  flushLogs()
  process.stderr.write(text)
}

/** Writes the buffered log lines now (see {@link bufferedStderr}). */
export function flushLogs(): void {
  scheduled = false
  if (pending === '') return
  const chunk = pending
  pending = ''
  try {
    process.stderr.write(chunk)
  } catch {
    // stderr is gone (a closed pipe): nowhere is left to say so, and logging must not crash the bridge.
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
