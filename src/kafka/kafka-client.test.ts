import { logLevel, type LogEntry } from 'kafkajs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LogLevel } from '../log.ts'
import { kafkaLogCreator } from './kafka-client.ts'

function recording() {
  const lines: { level: LogLevel; message: string; fields: Readonly<Record<string, unknown>> }[] =
    []
  return {
    lines,
    logger: {
      log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>> = {}) {
        lines.push({ level, message, fields })
      },
    },
  }
}

/** An entry as kafkajs hands it to the log function. */
const entry = (
  namespace: string,
  level: logLevel,
  message: string,
  extra: Record<string, unknown> = {}
): LogEntry => ({
  namespace,
  level,
  label: 'ERROR',
  log: {
    timestamp: '2026-01-01T00:00:00.000Z',
    message,
    logger: 'kafkajs',
    clientId: 'switchboard',
    stack: 'Error: connect ECONNREFUSED 127.0.0.1:9092\n    at TCPConnectWrap.afterConnect',
    ...extra,
  },
})

const refused = 'Connection error: connect ECONNREFUSED 127.0.0.1:9092'

/** What kafkajs logs for one failed connection attempt to a seed broker (two lines). */
const attempt = (retryCount: number) => [
  entry('Connection', logLevel.ERROR, refused, { broker: '127.0.0.1:9092' }),
  entry(
    'BrokerPool',
    logLevel.ERROR,
    `Failed to connect to seed broker, trying another broker from the list: ${refused}`,
    { retryCount, retryTime: 200 }
  ),
]

describe('kafkaLogCreator', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('writes kafkajs lines at mapped levels, without its timestamp, logger, client id or stack', () => {
    const { lines, logger } = recording()
    const log = kafkaLogCreator(logger)(logLevel.WARN)
    log(attempt(0)[0]!)
    log(entry('Producer', logLevel.WARN, 'Limiting retries for the idempotent producer to 5'))
    log(entry('Admin', logLevel.INFO, 'Started'))
    expect(lines).toEqual([
      {
        level: 'warn',
        message: `kafkajs: ${refused}`,
        fields: { namespace: 'Connection', broker: '127.0.0.1:9092' },
      },
      {
        level: 'debug',
        message: 'kafkajs: Limiting retries for the idempotent producer to 5',
        fields: { namespace: 'Producer' },
      },
      { level: 'info', message: 'kafkajs: Started', fields: { namespace: 'Admin' } },
    ])
  })

  it('folds an outage: one line, then one summary per window for as long as it lasts', () => {
    const { lines, logger } = recording()
    const log = kafkaLogCreator(logger, 30_000)(logLevel.WARN)
    // 13 s of outage: an attempt (two kafkajs lines) every 500 ms.
    for (let i = 0; i < 26; i++) {
      for (const e of attempt(i % 4)) log(e)
      vi.advanceTimersByTime(500)
    }
    expect(lines.map((l) => l.message)).toEqual([`kafkajs: ${refused}`])
    vi.advanceTimersByTime(17_000) // the window closes 30 s after the first line
    expect(lines).toHaveLength(2)
    expect(lines[1]).toEqual({
      level: 'warn',
      message: 'kafkajs: 51 similar lines in the last 30 s',
      fields: { repeated: 51, like: `kafkajs: ${refused}` },
    })
    // Quiet for a whole window: the next outage starts with a full line again.
    vi.advanceTimersByTime(30_000)
    log(attempt(0)[0]!)
    expect(lines.map((l) => l.message).at(-1)).toBe(`kafkajs: ${refused}`)
    expect(lines).toHaveLength(3)
  })

  it('keeps a different error on its own line', () => {
    const { lines, logger } = recording()
    const log = kafkaLogCreator(logger)(logLevel.WARN)
    for (const e of attempt(0)) log(e)
    log(entry('Producer', logLevel.ERROR, 'Failed to send messages: This server is not the leader'))
    expect(lines.map((l) => l.message)).toEqual([
      `kafkajs: ${refused}`,
      'kafkajs: Failed to send messages: This server is not the leader',
    ])
  })
})
