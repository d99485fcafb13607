import { spawnSync } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  bufferedStderr,
  createLogger,
  flushLogs,
  foldRepeats,
  loggerFromEnv,
  type LogLevel,
} from './log.ts'

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

  it('writes the fields as a spread would, and a field named like a key of its own over it', () => {
    const written: string[] = []
    const logger = createLogger('debug', (line) => written.push(line))
    logger.log('info', 'a "quoted"\nmessage', { n: 1, nested: { ok: true }, gone: undefined })
    logger.log('info', 'no fields')
    logger.log('info', 'empty fields', {})
    logger.log('error', 'own key', { message: 'replaced', level: 'x' })
    const parsed = written.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(parsed.map((line) => Object.keys(line))).toEqual([
      ['time', 'level', 'message', 'n', 'nested'],
      ['time', 'level', 'message'],
      ['time', 'level', 'message'],
      ['time', 'level', 'message'],
    ])
    expect(parsed[0]).toMatchObject({ message: 'a "quoted"\nmessage', nested: { ok: true } })
    expect(parsed[3]).toMatchObject({ level: 'x', message: 'replaced' })
    expect(new Date(String(parsed[0]!['time'])).toISOString()).toBe(parsed[0]!['time'])
  })

  // The lines reach stderr once per turn of the event loop (see the next describe), hence the flush.
  it('reads LOG_LEVEL, case-insensitively, and falls back to info', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      loggerFromEnv({ LOG_LEVEL: 'WARN' }).log('info', 'dropped')
      loggerFromEnv({ LOG_LEVEL: 'verbose' }).log('info', 'kept')
      loggerFromEnv({}).log('debug', 'dropped')
      flushLogs()
      expect(
        spy.mock.calls
          .flatMap(([chunk]) => String(chunk).trimEnd().split('\n'))
          .map((line) => (JSON.parse(line) as { message: string }).message)
      ).toEqual(['kept'])
    } finally {
      spy.mockRestore()
    }
  })
})

describe('bufferedStderr', () => {
  it('writes the lines of one turn of the event loop in one write, after the turn', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const logger = createLogger('info')
      for (let i = 0; i < 5; i++) logger.log('info', `line ${String(i)}`)
      expect(spy).not.toHaveBeenCalled()
      await new Promise((resolve) => setImmediate(resolve))
      expect(spy).toHaveBeenCalledTimes(1)
      const lines = String(spy.mock.calls[0]![0]).trimEnd().split('\n')
      expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual([
        'line 0',
        'line 1',
        'line 2',
        'line 3',
        'line 4',
      ])
      // Past 64 KiB in one turn it writes at once.
      bufferedStderr(`${'x'.repeat(70 * 1024)}\n`)
      expect(spy).toHaveBeenCalledTimes(2)
    } finally {
      flushLogs()
      spy.mockRestore()
    }
  })

  it.each([
    { exit: 'process.exit', code: 3, script: "log.log('info', 'last words'); process.exit(3)" },
    {
      exit: 'a crash',
      code: 1,
      script: "log.log('error', 'last words'); setTimeout(() => { throw new Error('boom') })",
    },
  ])('flushes what is buffered when the process ends by $exit', ({ code, script }) => {
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createLogger } from ${JSON.stringify(new URL('./log.ts', import.meta.url).href)}; const log = createLogger('info'); ${script}`,
      ],
      { encoding: 'utf8' }
    )
    expect(child.status).toBe(code)
    const line = child.stderr.split('\n').find((l) => l.startsWith('{')) ?? ''
    expect(JSON.parse(line)).toMatchObject({ message: 'last words' })
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
