import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger, foldRepeats, loggerFromEnv, type LogLevel } from './log.ts'

/** A logger that keeps what it was given. */
function recording() {
  const lines: { level: LogLevel; message: string; fields?: Readonly<Record<string, unknown>> }[] =
    []
  return {
    lines,
    logger: {
      log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>) {
        lines.push({ level, message, ...(fields && { fields }) })
      },
    },
  }
}

describe('createLogger', () => {
  it('writes one JSON line per call at the level and above, fields after the message', () => {
    const written: string[] = []
    const logger = createLogger('info', (line) => {
      written.push(line)
      return true
    })
    logger.log('debug', 'hidden')
    logger.log('warn', 'shown', { status: 401 })
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/\n$/)
    expect(JSON.parse(written[0]!)).toMatchObject({ level: 'warn', message: 'shown', status: 401 })
  })

  it('reads LOG_LEVEL, case-insensitively, and falls back to info', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      loggerFromEnv({ LOG_LEVEL: 'WARN' }).log('info', 'dropped')
      loggerFromEnv({ LOG_LEVEL: 'verbose' }).log('info', 'kept')
      loggerFromEnv({}).log('debug', 'dropped')
      expect(
        spy.mock.calls.map(([line]) => (JSON.parse(String(line)) as { message: string }).message)
      ).toEqual(['kept'])
    } finally {
      spy.mockRestore()
    }
  })
})

describe('foldRepeats', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('writes the first line, folds the repeats into one summary per window while they go on', () => {
    const { lines, logger } = recording()
    const folded = foldRepeats(logger, { source: 'kafkajs', windowMs: 10_000 })
    folded.log('warn', 'kafkajs: Connection error', { broker: 'b:9092' })
    for (let i = 0; i < 24; i++) {
      vi.advanceTimersByTime(400)
      folded.log('warn', 'kafkajs: Connection error', { broker: 'b:9092' })
    }
    expect(lines).toHaveLength(1)
    vi.advanceTimersByTime(400) // the first window ends at 10 s
    expect(lines).toEqual([
      { level: 'warn', message: 'kafkajs: Connection error', fields: { broker: 'b:9092' } },
      {
        level: 'warn',
        message: 'kafkajs: 24 similar lines in the last 10 s',
        fields: { repeated: 24, like: 'kafkajs: Connection error' },
      },
    ])
    folded.log('warn', 'kafkajs: Connection error')
    vi.advanceTimersByTime(10_000)
    expect(lines.at(-1)?.message).toBe('kafkajs: 1 similar line in the last 10 s')
    expect(lines).toHaveLength(3)
  })

  it('forgets a kind after a quiet window, and writes it in full when it comes back', () => {
    const { lines, logger } = recording()
    const folded = foldRepeats(logger, { source: 'otel', windowMs: 1000 })
    folded.log('warn', 'export failed')
    vi.advanceTimersByTime(1000) // nothing repeated: no summary, the kind is forgotten
    folded.log('warn', 'export failed')
    expect(lines.map((l) => l.message)).toEqual(['export failed', 'export failed'])
  })

  it('keeps different lines (or levels) apart, and folds what keyOf calls the same', () => {
    const { lines, logger } = recording()
    const folded = foldRepeats(logger, {
      source: 'kafkajs',
      windowMs: 1000,
      keyOf: (level, message) => `${level} ${message.replace('retrying: ', '')}`,
    })
    folded.log('warn', 'refused')
    folded.log('warn', 'retrying: refused')
    folded.log('error', 'refused')
    folded.log('warn', 'timed out')
    expect(lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      'warn refused',
      'error refused',
      'warn timed out',
    ])
  })
})
