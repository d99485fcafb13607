import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { adapters } from '../adapters/index.ts'
import type { Config } from './config/config.ts'
import { DedupWindow } from './dedup/dedup-window.ts'
import { createApp, type AppDeps } from './http/app.ts'
import { InFlight } from './http/in-flight.ts'
import { createKafkaClient } from './kafka/kafka-client.ts'
import { KafkaPublisher } from './kafka/kafka-publisher.ts'
import type { Logger } from './log.ts'
import { within } from './within.ts'
import { observeKafkaConnected } from './telemetry/metrics.ts'

/** A running bridge. */
export interface Service {
  /** `http://host:port` it listens on. */
  readonly url: string
  readonly port: number
  /**
   * Graceful stop: refuse new webhooks (503), let in-flight ones finish (acknowledged or 503),
   * flush and disconnect the producer; resolves `false` if `shutdownDeadlineMs` ran out first.
   */
  stop(): Promise<boolean>
}

/** Extra wiring the caller may add. */
export interface ServiceHooks {
  /** Prometheus text of the current metrics, served at `GET /metrics` (the preload's SDK provides it). */
  readonly metricsText?: AppDeps['metricsText']
}

/**
 * Connects to Kafka (checking and creating topics), then serves the HTTP edge. Throws when Kafka
 * cannot be reached at start, so a misconfigured bridge fails its boot instead of its first webhook.
 */
export async function startService(
  config: Config,
  brokers: readonly string[],
  logger: Logger,
  hooks: ServiceHooks = {}
): Promise<Service> {
  const kafka = createKafkaClient({ ...config.kafka, brokers }, logger)
  const publisher = await KafkaPublisher.start(
    kafka,
    {
      topics: {
        topics: config.kafka.topics,
        partitions: config.kafka.topicPartitions,
        replicationFactor: config.kafka.topicReplicationFactor,
        create: config.kafka.createTopics,
      },
      lingerMs: config.kafka.lingerMs,
      maxBatchMessages: config.kafka.maxBatchMessages,
      healthIntervalMs: config.kafka.healthIntervalMs,
      producer: { clientId: config.kafka.clientId, broker: brokers[0] },
    },
    logger
  )
  const stopObserving = observeKafkaConnected(() => publisher.ready)
  let shuttingDown = false
  const inFlight = new InFlight()
  const app = createApp({
    inFlight,
    plain: { adapter: adapters.plain, secrets: config.vendors.plain.secrets },
    helpcrunch: { adapter: adapters.helpcrunch, accounts: config.vendors.helpcrunch.accounts },
    limits: config.http,
    logger,
    isShuttingDown: () => shuttingDown,
    publisher,
    dedup: new DedupWindow({
      maxEntries: config.dedup.maxEntries,
      ttlMs: config.dedup.ttlSeconds * 1000,
    }),
    topics: config.kafka.topics,
    contentMode: config.kafka.contentMode,
    toleranceSeconds: config.vendors.plain.toleranceSeconds,
    now: () => new Date(),
    ...(hooks.metricsText && { metricsText: hooks.metricsText }),
  })

  const server = await listen(app.fetch, config.http.port, config.http.host)
  const { port } = server.address() as AddressInfo
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`

  const stop = async (): Promise<boolean> => {
    shuttingDown = true
    const drain = (async () => {
      // Stop accepting; close() alone would wait for every keep-alive socket to time out.
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve()
        })
      )
      server.closeIdleConnections()
      // Every webhook's work settles, then its answer is written; answers carry `Connection: close`,
      // so their sockets close themselves. A socket still open after a grace period is closed.
      await inFlight.idle()
      await within(1000, closed, () => undefined)
      server.closeAllConnections()
      await closed
      await publisher.stop()
      stopObserving()
      return true
    })()
    return within(config.http.shutdownDeadlineMs, drain, () => false)
  }
  return { url, port, stop }
}

/** Starts the Node HTTP server and resolves once it listens (rejects on e.g. EADDRINUSE). */
function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  hostname: string
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => {
      server.off('error', reject)
      resolve(server)
    }) as Server
    // A request must arrive whole within 30 s (Node's default is 300 s): a client trickling its
    // body cannot hold an in-flight slot for minutes.
    server.requestTimeout = 30_000
    server.headersTimeout = 10_000
    server.once('error', reject)
  })
}
