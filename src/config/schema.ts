import * as v from 'valibot'
import {
  brokerList,
  choice,
  fileText,
  flag,
  integer,
  integerFrom,
  MAX_TIMER_MS,
  secretFile,
  secretText,
  text,
  topicName,
  type ReadFile,
} from './values.ts'
import { SSL_FILES, toConfig } from './to-config.ts'
import type { EnvVariable } from './variables.ts'

export { ENV_VARIABLES, type EnvVariable } from './variables.ts'

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const
const CONTENT_MODES = ['binary', 'structured'] as const
const DEDUP_STORES = ['kafka', 'memory'] as const

/** Milliseconds from `min`, capped at what `setTimeout` honours. */
const milliseconds = (min: number) => integerFrom(min, MAX_TIMER_MS)

/** Shortest `ADMIN_TOKEN`: it guards a write (replay), so a guessable one is refused. */
const ADMIN_TOKEN_MIN_CHARS = 16
const tokenLength = v.check(
  (value: string) => value.length >= ADMIN_TOKEN_MIN_CHARS,
  `must be at least ${String(ADMIN_TOKEN_MIN_CHARS)} characters`
)

/** An http(s) URL with `{traceId}` where the trace id goes (a Jaeger or Grafana link). */
const traceUrlTemplate = v.pipe(
  text,
  v.check(
    (value) => /^https?:\/\/\S+$/.test(value) && value.includes('{traceId}'),
    'expected an http(s) URL containing {traceId}'
  )
)

/** One schema per variable; defaults are strings, parsed like a value from the environment. */
const envEntries = (readFile: ReadFile) =>
  ({
    PORT: v.optional(integerFrom(1, 65_535), '8080'),
    HOST: v.optional(text, '0.0.0.0'),
    // 0 = any free port (tests); the admin listener is loopback-only unless ADMIN_HOST says otherwise.
    ADMIN_PORT: v.optional(integerFrom(0, 65_535), '9091'),
    ADMIN_HOST: v.optional(text, '127.0.0.1'),
    BODY_LIMIT_BYTES: v.optional(integerFrom(1), '1048576'),
    HEADERS_TIMEOUT_MS: v.optional(milliseconds(1), '10000'),
    BODY_TIMEOUT_MS: v.optional(milliseconds(1), '10000'),
    KEEP_ALIVE_TIMEOUT_MS: v.optional(milliseconds(1), '5000'),
    REQUEST_DEADLINE_MS: v.optional(milliseconds(1), '10000'),
    MAX_IN_FLIGHT_REQUESTS: v.optional(integerFrom(1), '1000'),
    RETRY_AFTER_SECONDS: v.optional(integerFrom(1), '5'),
    SHUTDOWN_DEADLINE_MS: v.optional(milliseconds(1), '15000'),
    ADMIN_TOKEN: v.optional(v.pipe(secretText, tokenLength)),
    ADMIN_TOKEN_FILE: v.optional(v.pipe(secretFile(readFile), tokenLength)),
    ADMIN_TOKEN_NAME: v.optional(text, 'admin'),
    CONSOLE_ENABLED: v.optional(flag, 'true'),
    CONSOLE_RECENT_WEBHOOKS: v.optional(integerFrom(1, 100_000), '500'),
    TRACE_UI_URL: v.optional(traceUrlTemplate),
    KAFKA_BROKERS: v.optional(brokerList),
    KAFKA_CLIENT_ID: v.optional(text, 'switchboard'),
    KAFKA_SASL_MECHANISM: v.optional(choice(SASL_MECHANISMS)),
    KAFKA_SASL_USERNAME: v.optional(text),
    KAFKA_SASL_PASSWORD: v.optional(secretText),
    KAFKA_SASL_PASSWORD_FILE: v.optional(secretFile(readFile)),
    KAFKA_SSL: v.optional(flag),
    KAFKA_SSL_CA_FILE: v.optional(fileText(readFile)),
    KAFKA_SSL_CERT_FILE: v.optional(fileText(readFile)),
    KAFKA_SSL_KEY_FILE: v.optional(fileText(readFile)),
    KAFKA_SSL_REJECT_UNAUTHORIZED: v.optional(flag, 'true'),
    KAFKA_TOPIC_CONVERSATIONS: v.optional(topicName, 'switchboard.conversations.v1'),
    KAFKA_TOPIC_CUSTOMERS: v.optional(topicName, 'switchboard.customers.v1'),
    KAFKA_TOPIC_DEADLETTER: v.optional(topicName, 'switchboard.deadletter.v1'),
    KAFKA_TOPIC_PARTITIONS: v.optional(integerFrom(1), '6'),
    KAFKA_TOPIC_REPLICATION_FACTOR: v.optional(
      integer('-1 (the broker default) or an integer ≥ 1', (n) => n === -1 || n >= 1),
      '-1'
    ),
    KAFKA_CREATE_TOPICS: v.optional(flag, 'true'),
    KAFKA_CONTENT_MODE: v.optional(choice(CONTENT_MODES), 'binary'),
    PUBLISH_LINGER_MS: v.optional(milliseconds(0), '5'),
    PUBLISH_MAX_BATCH_MESSAGES: v.optional(integerFrom(1), '1000'),
    KAFKA_HEALTH_INTERVAL_MS: v.optional(milliseconds(100), '2000'),
    KAFKA_STARTUP_DEADLINE_MS: v.optional(milliseconds(1)),
    DEDUP_MAX_ENTRIES: v.optional(integerFrom(1), '1048576'),
    DEDUP_TTL_SECONDS: v.optional(integerFrom(1), '604800'),
    DEDUP_STORE: v.optional(choice(DEDUP_STORES), 'kafka'),
    KAFKA_TOPIC_DEDUP: v.optional(topicName, 'switchboard.dedup.v1'),
    DEDUP_BARRIER_TIMEOUT_MS: v.optional(milliseconds(1), '1000'),
    DEDUP_WARMUP_TIMEOUT_MS: v.optional(milliseconds(1), '120000'),
    SPOOL_DIR: v.optional(text),
    SPOOL_MAX_BYTES: v.optional(integerFrom(1), '1073741824'),
  }) satisfies Record<EnvVariable, v.GenericSchema<string | undefined, unknown>>

/** The environment after each variable is parsed on its own, before the rules that span several. */
export type EnvValues = v.InferOutput<v.ObjectSchema<ReturnType<typeof envEntries>, undefined>>

/**
 * A rule over several variables, reported against `variable`. It runs whenever the variables it
 * reads parsed, so it is reported together with problems elsewhere (valibot `partialCheck`).
 */
const rule = (
  [first, ...rest]: readonly [EnvVariable, ...EnvVariable[]],
  variable: EnvVariable,
  requirement: (env: EnvValues) => boolean,
  message: string
) =>
  v.forward<EnvValues, v.PartialCheckIssue<EnvValues>, [EnvVariable]>(
    v.partialCheck<EnvValues, [[EnvVariable], ...[EnvVariable][]], EnvValues, string>(
      [[first], ...rest.map((read): [EnvVariable] => [read])],
      requirement,
      message
    ),
    [variable]
  )

/** `variable` and `variable_FILE` exclude each other. */
const notBoth = (variable: EnvVariable, fileVariable: EnvVariable) =>
  rule(
    [variable, fileVariable],
    fileVariable,
    (env) => env[variable] === undefined || env[fileVariable] === undefined,
    `set ${variable} or ${fileVariable}, not both`
  )

/** Two topics that must differ. */
const distinctTopics = (first: EnvVariable, second: EnvVariable) =>
  rule(
    [first, second],
    second,
    (env) => env[first] !== env[second],
    `must differ from ${first} (events and dead letters must not share a topic)`
  )

/**
 * The environment → `Config` schema: each variable parsed and defaulted, the rules that span
 * several variables, then the nested shape. File variables are read with `readFile` while
 * parsing. Each vendor's own variables are parsed by its adapter (`config.ts`).
 */
export const createEnvSchema = (readFile: ReadFile) =>
  v.pipe(
    v.object(envEntries(readFile)),
    notBoth('KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'),
    notBoth('ADMIN_TOKEN', 'ADMIN_TOKEN_FILE'),
    rule(
      ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME'],
      'KAFKA_SASL_USERNAME',
      (env) => env.KAFKA_SASL_MECHANISM === undefined || env.KAFKA_SASL_USERNAME !== undefined,
      'required when KAFKA_SASL_MECHANISM is set'
    ),
    rule(
      ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'],
      'KAFKA_SASL_PASSWORD',
      (env) =>
        env.KAFKA_SASL_MECHANISM === undefined ||
        env.KAFKA_SASL_PASSWORD !== undefined ||
        env.KAFKA_SASL_PASSWORD_FILE !== undefined,
      'required (or KAFKA_SASL_PASSWORD_FILE) when KAFKA_SASL_MECHANISM is set'
    ),
    // Credentials without a mechanism would connect unauthenticated without a word.
    rule(
      [
        'KAFKA_SASL_MECHANISM',
        'KAFKA_SASL_USERNAME',
        'KAFKA_SASL_PASSWORD',
        'KAFKA_SASL_PASSWORD_FILE',
      ],
      'KAFKA_SASL_MECHANISM',
      (env) =>
        env.KAFKA_SASL_MECHANISM !== undefined ||
        (env.KAFKA_SASL_USERNAME === undefined &&
          env.KAFKA_SASL_PASSWORD === undefined &&
          env.KAFKA_SASL_PASSWORD_FILE === undefined),
      'required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD[_FILE] is set'
    ),
    rule(
      ['KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'],
      'KAFKA_SSL_KEY_FILE',
      (env) => env.KAFKA_SSL_CERT_FILE === undefined || env.KAFKA_SSL_KEY_FILE !== undefined,
      'required when KAFKA_SSL_CERT_FILE is set (a client certificate needs its key)'
    ),
    rule(
      ['KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'],
      'KAFKA_SSL_CERT_FILE',
      (env) => env.KAFKA_SSL_KEY_FILE === undefined || env.KAFKA_SSL_CERT_FILE !== undefined,
      'required when KAFKA_SSL_KEY_FILE is set (a client key needs its certificate)'
    ),
    rule(
      ['KAFKA_SSL', ...SSL_FILES],
      'KAFKA_SSL',
      (env) => env.KAFKA_SSL !== false || SSL_FILES.every((file) => env[file] === undefined),
      'is false, but a KAFKA_SSL_*_FILE is set (unset KAFKA_SSL: the files turn TLS on)'
    ),
    distinctTopics('KAFKA_TOPIC_CONVERSATIONS', 'KAFKA_TOPIC_CUSTOMERS'),
    distinctTopics('KAFKA_TOPIC_CONVERSATIONS', 'KAFKA_TOPIC_DEADLETTER'),
    distinctTopics('KAFKA_TOPIC_CUSTOMERS', 'KAFKA_TOPIC_DEADLETTER'),
    distinctTopics('KAFKA_TOPIC_CONVERSATIONS', 'KAFKA_TOPIC_DEDUP'),
    distinctTopics('KAFKA_TOPIC_CUSTOMERS', 'KAFKA_TOPIC_DEDUP'),
    distinctTopics('KAFKA_TOPIC_DEADLETTER', 'KAFKA_TOPIC_DEDUP'),
    v.transform(toConfig)
  )
