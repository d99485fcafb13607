import type { EnvValues } from './schema.ts'
import type { EnvVariable } from './variables.ts'

/** The variables whose presence turns TLS on. */
export const SSL_FILES = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const

/** Throws on an invariant the cross-variable rules guarantee; unreachable from a valid env. */
const present = <T>(value: T | undefined, variable: EnvVariable): T => {
  if (value === undefined) throw new Error(`${variable} passed validation without a value`)
  return value
}

/** The nested configuration, once every variable and rule passed. */
export const toConfig = (env: EnvValues) => ({
  /** The HTTP server and the handling of one webhook request. */
  http: {
    /** `PORT`: the port the server listens on. */
    port: env.PORT,
    /** `HOST`: the address the server binds. */
    host: env.HOST,
    /** `BODY_LIMIT_BYTES`: bodies over it are refused with 413 before they are read in full. */
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    /** `HEADERS_TIMEOUT_MS`: a request whose headers have not all arrived by then is answered 408. */
    headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
    /** `BODY_TIMEOUT_MS`: a body not received in full this long after its headers is answered 408. */
    bodyTimeoutMs: env.BODY_TIMEOUT_MS,
    /** `KEEP_ALIVE_TIMEOUT_MS`: an idle keep-alive connection is closed after it. */
    keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
    /** `REQUEST_DEADLINE_MS`: a webhook whose body arrived but is not published by then is answered 503. */
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    /** `MAX_IN_FLIGHT_REQUESTS`: requests beyond it are answered 503 at once. */
    maxInFlightRequests: env.MAX_IN_FLIGHT_REQUESTS,
    /** `RETRY_AFTER_SECONDS`: the `Retry-After` sent with a 503. */
    retryAfterSeconds: env.RETRY_AFTER_SECONDS,
    /** `SHUTDOWN_DEADLINE_MS`: how long in-flight requests may finish after SIGTERM. */
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
  },
  /** The operators' listener: `/healthz`, `/readyz`, `/metrics`; never the webhook port. */
  admin: {
    /** `ADMIN_PORT`: its port; 0 picks a free one. */
    port: env.ADMIN_PORT,
    /** `ADMIN_HOST`: the address it binds (loopback by default). */
    host: env.ADMIN_HOST,
  },
  /** The operator console on the admin listener (`GET /`; docs/console.md). */
  console: {
    /** `CONSOLE_ENABLED`: `false` serves no console and keeps no copy of the webhook lines. */
    enabled: env.CONSOLE_ENABLED,
    /** `CONSOLE_RECENT_WEBHOOKS`: webhook log records the console keeps, newest first. */
    recentWebhooks: env.CONSOLE_RECENT_WEBHOOKS,
    /** `TRACE_UI_URL`: a trace viewer's URL with `{traceId}`; trace ids become links to it. */
    traceUiUrl: env.TRACE_UI_URL,
    /**
     * `ADMIN_TOKEN[_FILE]` and the name logs give it (`ADMIN_TOKEN_NAME`): replay needs the token;
     * `undefined` disables replay.
     */
    adminToken:
      (env.ADMIN_TOKEN_FILE ?? env.ADMIN_TOKEN) === undefined
        ? undefined
        : {
            name: env.ADMIN_TOKEN_NAME,
            token: present(env.ADMIN_TOKEN_FILE ?? env.ADMIN_TOKEN, 'ADMIN_TOKEN'),
          },
  },
  /** The Kafka cluster, the topics, and how records are batched. */
  kafka: {
    /** `KAFKA_BROKERS`: `host:port` seeds; `undefined` makes the service start a local broker. */
    brokers: env.KAFKA_BROKERS,
    /** `KAFKA_CLIENT_ID`: the client id the brokers log and quota by. */
    clientId: env.KAFKA_CLIENT_ID,
    /** `KAFKA_SASL_*`: SASL authentication, `undefined` without `KAFKA_SASL_MECHANISM`. */
    sasl:
      env.KAFKA_SASL_MECHANISM === undefined
        ? undefined
        : {
            mechanism: env.KAFKA_SASL_MECHANISM,
            username: present(env.KAFKA_SASL_USERNAME, 'KAFKA_SASL_USERNAME'),
            password: present(
              env.KAFKA_SASL_PASSWORD_FILE ?? env.KAFKA_SASL_PASSWORD,
              'KAFKA_SASL_PASSWORD'
            ),
          },
    /** `KAFKA_SSL*`: TLS with the files' contents (PEM); `undefined` when TLS is off. */
    ssl:
      (env.KAFKA_SSL ?? SSL_FILES.some((file) => env[file] !== undefined))
        ? {
            ...(env.KAFKA_SSL_CA_FILE === undefined ? {} : { ca: env.KAFKA_SSL_CA_FILE }),
            ...(env.KAFKA_SSL_CERT_FILE === undefined ? {} : { cert: env.KAFKA_SSL_CERT_FILE }),
            ...(env.KAFKA_SSL_KEY_FILE === undefined ? {} : { key: env.KAFKA_SSL_KEY_FILE }),
            rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED,
          }
        : undefined,
    /** `KAFKA_TOPIC_*`: the three topics, all distinct. */
    topics: {
      /** `KAFKA_TOPIC_CONVERSATIONS`: conversation-lifecycle events. */
      conversations: env.KAFKA_TOPIC_CONVERSATIONS,
      /** `KAFKA_TOPIC_CUSTOMERS`: customer events. */
      customers: env.KAFKA_TOPIC_CUSTOMERS,
      /** `KAFKA_TOPIC_DEADLETTER`: authentic webhooks that could not be mapped. */
      deadLetter: env.KAFKA_TOPIC_DEADLETTER,
    },
    /** `KAFKA_TOPIC_PARTITIONS`: partitions of a topic the service creates. */
    topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
    /** `KAFKA_TOPIC_REPLICATION_FACTOR`: replicas of a topic it creates; -1 is the broker default. */
    topicReplicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
    /** `KAFKA_CREATE_TOPICS`: create missing topics at start-up. */
    createTopics: env.KAFKA_CREATE_TOPICS,
    /** `KAFKA_CONTENT_MODE`: the CloudEvents Kafka protocol binding mode. */
    contentMode: env.KAFKA_CONTENT_MODE,
    /** `PUBLISH_LINGER_MS`: how long a micro-batch waits for more records. */
    lingerMs: env.PUBLISH_LINGER_MS,
    /** `PUBLISH_MAX_BATCH_MESSAGES`: a micro-batch is sent at once when it reaches this size. */
    maxBatchMessages: env.PUBLISH_MAX_BATCH_MESSAGES,
    /** `KAFKA_HEALTH_INTERVAL_MS`: how often the broker connection is checked. */
    healthIntervalMs: env.KAFKA_HEALTH_INTERVAL_MS,
    /**
     * `KAFKA_STARTUP_DEADLINE_MS`: without a spool, how long start-up waits for Kafka before it
     * fails; unset, the bridge starts without Kafka, not ready, and keeps connecting.
     */
    startupDeadlineMs: env.KAFKA_STARTUP_DEADLINE_MS,
  },
  /** De-duplication of redelivered webhooks by event id. */
  dedup: {
    /** `DEDUP_MAX_ENTRIES`: ids remembered at most (the oldest published go first). */
    maxEntries: env.DEDUP_MAX_ENTRIES,
    /** `DEDUP_TTL_SECONDS`: how long an id is remembered. */
    ttlSeconds: env.DEDUP_TTL_SECONDS,
    /** `DEDUP_STORE`: `kafka` (shared by instances, kept across restarts) or `memory` (this process). */
    store: env.DEDUP_STORE,
    /** `KAFKA_TOPIC_DEDUP`: the topic of claimed and published event ids (store `kafka`). */
    topic: env.KAFKA_TOPIC_DEDUP,
    /** `DEDUP_BARRIER_TIMEOUT_MS`: longest wait for the other instances' ids before publishing. */
    barrierTimeoutMs: env.DEDUP_BARRIER_TIMEOUT_MS,
    /** `DEDUP_WARMUP_TIMEOUT_MS`: longest read of the topic at start-up. */
    warmupTimeoutMs: env.DEDUP_WARMUP_TIMEOUT_MS,
  },
  /** The durable spool for Kafka outages; `undefined` when `SPOOL_DIR` is not set. */
  spool:
    env.SPOOL_DIR === undefined
      ? undefined
      : {
          /** `SPOOL_DIR`: the write-ahead log's directory (one bridge per directory). */
          dir: env.SPOOL_DIR,
          /** `SPOOL_MAX_BYTES`: bytes the spool may hold; past it webhooks are answered 503. */
          maxBytes: env.SPOOL_MAX_BYTES,
        },
})
