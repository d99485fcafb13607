import { describe, expect, it } from 'vitest'
import type { LogLevel } from '../log.ts'
import { RecentWebhooks } from './recent-webhooks.ts'
import { teeWebhookLog } from './webhook-log-tee.ts'
import { WebhookRates } from './webhook-rates.ts'

describe('teeWebhookLog', () => {
  it('passes every line on and keeps the webhook lines, whatever their level', () => {
    const written: [LogLevel, string][] = []
    const recent = new RecentWebhooks(10)
    const rates = new WebhookRates(60)
    const logger = teeWebhookLog(
      { log: (level, message) => written.push([level, message]) },
      recent,
      rates,
      () => Date.parse('2030-01-01T00:00:00Z')
    )
    logger.log('info', 'webhook accepted', { vendor: 'acme', outcome: 'accepted', status: 202 })
    logger.log('warn', 'webhook rejected', { vendor: 'acme', outcome: 'rejected', status: 401 })
    logger.log('info', 'switchboard is listening', { url: 'http://127.0.0.1:1' })
    logger.log('info', 'webhooks are answered 503', { vendor: 'x', outcome: 'y' })
    logger.log('debug', 'webhook accepted')
    expect(written).toEqual([
      ['info', 'webhook accepted'],
      ['warn', 'webhook rejected'],
      ['info', 'switchboard is listening'],
      ['info', 'webhooks are answered 503'],
      ['debug', 'webhook accepted'],
    ])
    expect(recent.list().map((record) => record.outcome)).toEqual(['rejected', 'accepted'])
    const series = rates.snapshot(Date.parse('2030-01-01T00:00:01Z'), 1).series
    expect(series.map(({ outcome, total }) => [outcome, total])).toEqual([
      ['accepted', 1],
      ['rejected', 1],
    ])
  })
})
