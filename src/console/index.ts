import { randomUUID } from 'node:crypto'
import type { Hono } from 'hono'
import type { Kafka } from 'kafkajs'
import type { Config } from '../config/config.ts'
import type { Logger } from '../log.ts'
import { createConsoleApp } from './console-app.ts'
import { DeadLetterReader } from './dead-letter-reader.ts'
import { EventTail } from './event-tail.ts'
import type { BridgeState } from './overview.ts'
import { RecentWebhooks } from './recent-webhooks.ts'
import { Replayer } from './replay-letters.ts'
import { packageVersion } from './version.ts'
import { teeWebhookLog } from './webhook-log-tee.ts'
import { WebhookRates } from './webhook-rates.ts'

/** What the admin listener knows of the bridge and hands the console when it mounts it. */
export type AdminState = Pick<BridgeState, 'kafkaReady' | 'isShuttingDown' | 'spool'>

/** The operator console of one bridge (docs/console.md). */
export interface OperatorConsole {
  /** The bridge's logger with every webhook line also kept for the console: give it to the webhook app. */
  readonly logger: Logger
  /** The console's routes, to mount at `/` of the admin listener. */
  routes(state: AdminState): Hono
  /** Stops the live tail's reader, if one runs (service shutdown). */
  stop(): Promise<void>
}

/** What the console needs from the composition root. */
export interface OperatorConsoleOptions {
  readonly config: Config
  /** The bridge's own Kafka client: the console reads and replays as the bridge connects. */
  readonly kafka: Kafka
  readonly logger: Logger
  /** The de-dup store's window, for the Overview. */
  readonly dedup: { readonly size: number; readonly memoryBytes: number }
}

/**
 * The console's parts, wired: the ring of recent webhooks and the rate counter (fed by a tee of
 * the logger), the dead-letter reader, the replayer and the live tail (each reading with a
 * throwaway consumer group `<KAFKA_CLIENT_ID>-console-<use>-<uuid>`), the package version and the
 * start time.
 */
export function createOperatorConsole(options: OperatorConsoleOptions): OperatorConsole {
  const { config, kafka, logger } = options
  const recent = new RecentWebhooks(config.console.recentWebhooks)
  const rates = new WebhookRates()
  const groupId = (use: string) => () => `${config.kafka.clientId}-console-${use}-${randomUUID()}`
  const { topics } = config.kafka
  const deadLetters = new DeadLetterReader(kafka, topics.deadLetter, groupId('dead-letters'))
  const registry = config.vendors.map((vendor) => vendor.adapter)
  const replayer = new Replayer({
    kafka,
    config,
    registry,
    reader: deadLetters,
    groupId: groupId('replay'),
    logger,
  })
  const tail = new EventTail({
    kafka,
    topics: [topics.conversations, topics.customers],
    groupId: groupId('tail'),
    logger,
  })
  const version = packageVersion()
  const startedAt = Date.now()
  return {
    logger: teeWebhookLog(logger, recent, rates),
    routes: (state) =>
      createConsoleApp({
        vendors: registry.map((adapter) => adapter.vendor),
        recent,
        rates,
        bridge: {
          ...state,
          dedup: { store: config.dedup.store, topic: config.dedup.topic, window: options.dedup },
          version,
          startedAt,
        },
        deadLetters,
        replayer,
        tail,
        adminToken: config.console.adminToken,
        traceUiUrl: config.console.traceUiUrl,
        logger,
      }),
    stop: () => tail.stop(),
  }
}
