import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { Config } from './config/config.ts'
import type { DedupLog } from './dedup/dedup-log.ts'
import { DedupWindow } from './dedup/dedup-window.ts'
import { createOperatorConsole } from './console/index.ts'
import { createAdminApp, type AdminDeps } from './http/admin-app.ts'
import { createApp } from './http/app.ts'
import { InFlight } from './http/in-flight.ts'
import { listen } from './http/listen.ts'
import { bindVendors } from './http/vendor-routes.ts'
import { createKafkaClient } from './kafka/kafka-client.ts'
import { connectKafka, isKafkaUnreachable, retryUntil, retryWithin } from './connect-kafka.ts'
import type { Logger } from './log.ts'
import { within } from './within.ts'
import { observeDedup, observeKafkaConnected, observeSpool } from './telemetry/metrics.ts'
import { DeferredPublisher } from './kafka/deferred-publisher.ts'
import { Spool } from './spool/spool.ts'
import { SpoolDrain } from './delivery/spool-drain.ts'

/** A running bridge. */
export interface Service {
  /** `http://host:port` of the webhook listener. */
  readonly url: string
  readonly port: number
  /** `http://host:port` of the admin listener (`/healthz`, `/readyz`, `/metrics`). */
  readonly adminUrl: string
  /**
   * Graceful stop: refuse new webhooks (503), let in-flight ones finish (acknowledged or 503),
   * flush and disconnect the producer; resolves `false` if `shutdownDeadlineMs` ran out first.
   */
  stop(): Promise<boolean>
}

/** Extra wiring the caller may add. */
export interface ServiceHooks {
  /** Prometheus text of the current metrics, served at `GET /metrics` (the preload's SDK provides it). */
  readonly metricsText?: AdminDeps['metricsText']
}

/**
 * Connects to Kafka (checking and creating topics, reading the de-dup log), then serves the HTTP
 * edge. When Kafka cannot be reached at start it serves anyway and keeps trying to connect in the
 * background: webhooks go to the spool (`SPOOL_DIR`), or are answered 503 and `/readyz` says
 * not ready. Only with `KAFKA_STARTUP_DEADLINE_MS` does it throw, once that time has passed.
 */
export async function startService(
  config: Config,
  brokers: readonly string[],
  logger: Logger,
  hooks: ServiceHooks = {}
): Promise<Service> {
  const kafka = createKafkaClient({ ...config.kafka, brokers }, logger)
  const dedup = new DedupWindow({
    maxEntries: config.dedup.maxEntries,
    ttlMs: config.dedup.ttlSeconds * 1000,
  })
  const operatorConsole = config.console.enabled
    ? createOperatorConsole({ config, kafka, logger, dedup })
    : undefined
  const publisher = new DeferredPublisher()
  let dedupLog: DedupLog | undefined
  let stopped = false
  const connect = async () => {
    const connected = await connectKafka(kafka, config, brokers, dedup, logger)
    if (stopped) {
      await Promise.allSettled([connected.publisher.stop(), connected.dedupLog?.stop()])
      return
    }
    dedupLog = connected.dedupLog
    publisher.connect(connected.publisher)
  }
  const spool = config.spool && (await Spool.open({ ...config.spool, logger }))
  let connecting: Promise<void> = Promise.resolve()
  try {
    await connect()
  } catch (error) {
    const deadlineMs = config.kafka.startupDeadlineMs
    // A configuration Kafka refuses (credentials, a topic too small) does not heal by waiting.
    if (!isKafkaUnreachable(error)) throw error
    // An operator who set a deadline wants a boot that fails when Kafka is not there in time.
    if (!spool && deadlineMs !== undefined) {
      await retryWithin(connect, deadlineMs, config.kafka.healthIntervalMs, error)
    } else {
      // Stay up and keep trying (the Kubernetes way: alive, not ready). With a spool the bridge
      // takes webhooks meanwhile; without one it answers them 503 so the vendor retries.
      const meanwhile = spool ? 'webhooks go to the spool' : 'webhooks are answered 503 (not ready)'
      logger.log('warn', `Kafka is unreachable at start-up; ${meanwhile} until it is reached`, {
        error: error instanceof Error ? error.message : String(error),
        brokers,
      })
      connecting = retryUntil(connect, () => stopped, config.kafka.healthIntervalMs, logger)
    }
  }
  const webhookSpool =
    spool &&
    new SpoolDrain(spool, config.spool?.maxBytes ?? Infinity, {
      publisher,
      dedup,
      topics: config.kafka.topics,
      contentMode: config.kafka.contentMode,
      adapters: new Map(config.vendors.map(({ adapter }) => [adapter.vendor, adapter])),
      logger,
      dedupReady: () => publisher.connected,
    })
  webhookSpool?.start()
  const stopObserving = observeKafkaConnected(() => publisher.ready)
  const stopObservingDedup = observeDedup(dedup)
  const stopObservingSpool = webhookSpool ? observeSpool(() => webhookSpool.stats) : () => undefined
  let shuttingDown = false
  const inFlight = new InFlight()
  const app = createApp({
    inFlight,
    vendors: bindVendors(config.vendors),
    limits: config.http,
    logger: operatorConsole?.logger ?? logger,
    isShuttingDown: () => shuttingDown,
    publisher,
    dedup,
    topics: config.kafka.topics,
    contentMode: config.kafka.contentMode,
    now: () => new Date(),
    ...(webhookSpool && { spool: webhookSpool }),
  })
  const admin = createAdminApp({
    kafkaReady: () => publisher.ready,
    isShuttingDown: () => shuttingDown,
    logger,
    retryAfterSeconds: config.http.retryAfterSeconds,
    ...(operatorConsole && { console: operatorConsole }),
    ...(webhookSpool && {
      spool: () => ({ ...webhookSpool.stats, hasRoom: webhookSpool.hasRoom }),
    }),
    ...(hooks.metricsText && { metricsText: hooks.metricsText }),
  })
  /** Everything Kafka- and disk-side, once the listeners are closed (or never opened). */
  const release = async () => {
    stopped = true
    await connecting
    await webhookSpool?.stop()
    // The de-dup records queued this turn go out with the publisher's last batch.
    dedupLog?.flush()
    await publisher.stop()
    await dedupLog?.stop()
    stopObserving()
    stopObservingDedup()
    stopObservingSpool()
    await operatorConsole?.stop()
  }

  const servers: Server[] = []
  try {
    servers.push(await listen(app.fetch, { ...config.http, timeouts: config.http }))
    servers.push(await listen(admin.fetch, { ...config.admin, timeouts: config.http }))
  } catch (error) {
    // A port taken: give back what started, so the caller can exit cleanly.
    await Promise.allSettled([...servers.map(closeServer), release()])
    throw error
  }
  const [server, adminServer] = servers as [Server, Server]
  const { port } = server.address() as AddressInfo
  const url = urlOf(config.http.host, port)
  const adminUrl = urlOf(config.admin.host, (adminServer.address() as AddressInfo).port)

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
      await release()
      return true
    })()
    const clean = await within(config.http.shutdownDeadlineMs, drain, () => false)
    // Last, so /readyz says shutting_down for as long as the webhook listener drains.
    adminServer.closeAllConnections()
    await closeServer(adminServer)
    return clean
  }
  return { url, port, adminUrl, stop }
}

/** `http://host:port`, IPv6 hosts in brackets. */
const urlOf = (host: string, port: number) =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`

/** Stops a server listening and resolves once it closed. */
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => {
      resolve()
    })
  })
