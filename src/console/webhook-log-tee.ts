import type { Logger } from '../log.ts'
import type { RecentWebhooks } from './recent-webhooks.ts'
import type { WebhookRates } from './webhook-rates.ts'

/** The one line per webhook request starts so (`webhook accepted`, `webhook rejected`, …). */
const WEBHOOK_LINE = 'webhook '

/**
 * `logger`, plus a copy of every webhook line (`src/http/observe-webhooks.ts` writes exactly one
 * per request) into `recent` and `rates`, whatever `LOG_LEVEL` lets through. Other lines pass
 * untouched. On every webhook's path: one prefix test, one clock read, two O(1) appends that
 * allocate nothing (`RecentWebhooks.add`, `WebhookRates.add`).
 */
export function teeWebhookLog(
  logger: Logger,
  recent: RecentWebhooks,
  rates: WebhookRates,
  now: () => number = Date.now
): Logger {
  return {
    log(level, message, fields) {
      logger.log(level, message, fields)
      if (fields === undefined || !message.startsWith(WEBHOOK_LINE)) return
      const at = now()
      recent.add(at, fields)
      const { vendor, outcome } = fields
      if (typeof vendor === 'string' && typeof outcome === 'string') rates.add(vendor, outcome, at)
    },
  }
}
