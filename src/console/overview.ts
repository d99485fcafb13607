import type { TailState } from './event-tail.ts'
import type { RateSnapshot, WebhookRates } from './webhook-rates.ts'

/** The spool's state as `/readyz` reports it (`SPOOL_DIR`). */
export interface SpoolState {
  readonly depth: number
  readonly bytes: number
  readonly oldestAgeSeconds: number | undefined
  readonly hasRoom: boolean
}

/** What the bridge tells the console about itself, read at each request. */
export interface BridgeState {
  /** True while Kafka answers. */
  readonly kafkaReady: () => boolean
  readonly isShuttingDown: () => boolean
  /** Absent without `SPOOL_DIR`. */
  readonly spool?: (() => SpoolState) | undefined
  /** The de-dup store: where it lives and what this process holds of it. */
  readonly dedup: {
    readonly store: 'kafka' | 'memory'
    readonly topic: string
    readonly window: { readonly size: number; readonly memoryBytes: number }
  }
  readonly version: string
  /** When the process started the console (ms since the epoch). */
  readonly startedAt: number
}

/** The Overview page and `GET /api/overview`. */
export interface Overview {
  readonly version: string
  readonly startedAt: string
  readonly uptimeSeconds: number
  readonly shuttingDown: boolean
  readonly kafka: 'reachable' | 'unreachable'
  readonly dedup: {
    readonly store: 'kafka' | 'memory'
    readonly topic: string | null
    readonly ids: number
    readonly memoryBytes: number
  }
  readonly spool: {
    readonly depth: number
    readonly bytes: number
    readonly oldestAgeSeconds: number
    readonly hasRoom: boolean
  } | null
  readonly webhooks: RateSnapshot
  readonly tail: TailState
  readonly replayEnabled: boolean
}

/** The bridge's state now, with the webhook rates of the last minutes in `bucketSeconds` buckets. */
export function overviewOf(
  bridge: BridgeState,
  rates: WebhookRates,
  extra: { tail: TailState; replayEnabled: boolean },
  now: number,
  bucketSeconds = 10
): Overview {
  const spool = bridge.spool?.()
  return {
    version: bridge.version,
    startedAt: new Date(bridge.startedAt).toISOString(),
    uptimeSeconds: Math.max(0, Math.floor((now - bridge.startedAt) / 1000)),
    shuttingDown: bridge.isShuttingDown(),
    kafka: bridge.kafkaReady() ? 'reachable' : 'unreachable',
    dedup: {
      store: bridge.dedup.store,
      topic: bridge.dedup.store === 'kafka' ? bridge.dedup.topic : null,
      ids: bridge.dedup.window.size,
      memoryBytes: bridge.dedup.window.memoryBytes,
    },
    spool: spool
      ? {
          depth: spool.depth,
          bytes: spool.bytes,
          oldestAgeSeconds: Math.round((spool.oldestAgeSeconds ?? 0) * 10) / 10,
          hasRoom: spool.hasRoom,
        }
      : null,
    webhooks: rates.snapshot(now, bucketSeconds),
    tail: extra.tail,
    replayEnabled: extra.replayEnabled,
  }
}
