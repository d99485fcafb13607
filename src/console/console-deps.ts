import type { Logger } from '../log.ts'
import type { DeadLetterReader } from './dead-letter-reader.ts'
import type { EventTail } from './event-tail.ts'
import { overviewOf, type BridgeState, type Overview } from './overview.ts'
import type { RecentWebhooks } from './recent-webhooks.ts'
import type { Replayer } from './replay-letters.ts'
import type { AdminToken } from './replay-guard.ts'
import type { WebhookRates } from './webhook-rates.ts'

/** Everything the console's routes read and drive; tests pass fakes of the Kafka-side parts. */
export interface ConsoleDeps {
  /** The registry's vendors, for the filters: the pages name none themselves. */
  readonly vendors: readonly string[]
  readonly recent: RecentWebhooks
  readonly rates: WebhookRates
  readonly bridge: BridgeState
  readonly deadLetters: Pick<DeadLetterReader, 'list' | 'find'>
  readonly replayer: Pick<Replayer, 'run'>
  readonly tail: Pick<EventTail, 'state' | 'recent' | 'touch' | 'watch'>
  /** `ADMIN_TOKEN`; `undefined` disables replay. */
  readonly adminToken: AdminToken | undefined
  /** `TRACE_UI_URL`. */
  readonly traceUiUrl: string | undefined
  readonly logger: Logger
  /** Longest a page or API read of Kafka may take (default `READ_TIMEOUT_MS`). */
  readonly readTimeoutMs?: number
  readonly now?: () => number
}

/** The Overview as of now. */
export const currentOverview = (deps: ConsoleDeps): Overview =>
  overviewOf(
    deps.bridge,
    deps.rates,
    { tail: deps.tail.state, replayEnabled: deps.adminToken !== undefined },
    (deps.now ?? Date.now)()
  )
