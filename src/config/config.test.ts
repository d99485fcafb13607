import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as v from 'valibot'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { ConfigError } from '../errors.ts'
import { adapters } from '../../adapters/index.ts'
import { configVariables, loadConfig, type Config, type VendorConfig } from './config.ts'
import { createEnvSchema, ENV_VARIABLES } from './schema.ts'

type Env = Readonly<Record<string, string | undefined>>
type ReadFile = (path: string) => string

const secret = () => randomBytes(18).toString('base64url')
const [S1, S2, S3, S4, S5, S6, S7, S8] = Array.from({ length: 8 }, secret) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
]

/** `readFile` over an in-memory map; an unknown path throws as `fs` does. */
const filesOf =
  (files: Readonly<Record<string, string>>): ReadFile =>
  (path) => {
    const contents = files[path]
    if (contents !== undefined) return contents
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
      code: 'ENOENT',
    })
  }

const NO_FILES = filesOf({})

/** The `ConfigError` that loading throws; fails the test for anything else. */
function configErrorOf(env: Env, readFile: ReadFile = NO_FILES): ConfigError {
  try {
    loadConfig(env, adapters, readFile)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('expected a ConfigError, nothing was thrown')
}

/** The variable each problem line names. */
const variablesOf = (error: ConfigError) => error.problems.map((line) => line.split(':')[0])

const DEFAULTS: Omit<Config, 'vendors'> = {
  http: {
    port: 8080,
    host: '0.0.0.0',
    bodyLimitBytes: 1_048_576,
    headersTimeoutMs: 10_000,
    bodyTimeoutMs: 10_000,
    keepAliveTimeoutMs: 5000,
    requestDeadlineMs: 10_000,
    maxInFlightRequests: 1000,
    retryAfterSeconds: 5,
    shutdownDeadlineMs: 15_000,
  },
  admin: { port: 9091, host: '127.0.0.1' },
  console: { enabled: true, recentWebhooks: 500, traceUiUrl: undefined, adminToken: undefined },
  kafka: {
    brokers: undefined,
    clientId: 'switchboard',
    sasl: undefined,
    ssl: undefined,
    topics: {
      conversations: 'switchboard.conversations.v1',
      customers: 'switchboard.customers.v1',
      deadLetter: 'switchboard.deadletter.v1',
    },
    topicPartitions: 6,
    topicReplicationFactor: -1,
    createTopics: true,
    contentMode: 'binary',
    lingerMs: 5,
    maxBatchMessages: 1000,
    healthIntervalMs: 2000,
    startupDeadlineMs: undefined,
  },
  dedup: {
    maxEntries: 1_048_576,
    ttlSeconds: 604_800,
    store: 'kafka',
    topic: 'switchboard.dedup.v1',
    barrierTimeoutMs: 1000,
    warmupTimeoutMs: 120_000,
  },
  spool: undefined,
}

/** The defaults of the vendors' own settings, per vendor and account. */
const VENDOR_DEFAULTS = {
  plain: { default: { secrets: [], toleranceSeconds: 300 } },
  helpcrunch: { default: { secrets: [] } },
}

/** Every registered vendor has settings; the two examples have their documented defaults. */
function expectVendorDefaults(config: Config) {
  expect(Object.keys(settingsOf(config))).toStrictEqual(adapters.map((a) => a.vendor))
  const { plain, helpcrunch } = settingsOf(config)
  expect({ plain, helpcrunch }).toStrictEqual(VENDOR_DEFAULTS)
}

/** The configuration without its vendors (the bridge's own settings). */
const core = (config: Config) =>
  Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'vendors'))

/** Each vendor's settings per account, keyed by vendor name. */
const settingsOf = (config: Config) =>
  Object.fromEntries(config.vendors.map((v) => [v.adapter.vendor, v.accounts])) as {
    plain: { default: { secrets: string[]; toleranceSeconds: number } }
    helpcrunch: Record<string, { secrets: string[] }>
  }

/** HelpCrunch's signing keys per account. */
const helpcrunchKeys = (config: Config) =>
  Object.fromEntries(
    Object.entries(settingsOf(config).helpcrunch).map(([account, s]) => [account, s.secrets])
  )

describe('Config', () => {
  it('has exactly the agreed shape', () => {
    expectTypeOf<Config>().toEqualTypeOf<
      {
        http: {
          port: number
          host: string
          bodyLimitBytes: number
          headersTimeoutMs: number
          bodyTimeoutMs: number
          keepAliveTimeoutMs: number
          requestDeadlineMs: number
          maxInFlightRequests: number
          retryAfterSeconds: number
          shutdownDeadlineMs: number
        }
        admin: { port: number; host: string }
        console: {
          enabled: boolean
          recentWebhooks: number
          traceUiUrl: string | undefined
          adminToken: { name: string; token: string } | undefined
        }
        kafka: {
          brokers: string[] | undefined
          clientId: string
          sasl:
            | {
                mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'
                username: string
                password: string
              }
            | undefined
          ssl: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean } | undefined
          topics: { conversations: string; customers: string; deadLetter: string }
          topicPartitions: number
          topicReplicationFactor: number
          createTopics: boolean
          contentMode: 'binary' | 'structured'
          lingerMs: number
          maxBatchMessages: number
          healthIntervalMs: number
          startupDeadlineMs: number | undefined
        }
        dedup: {
          maxEntries: number
          ttlSeconds: number
          store: 'kafka' | 'memory'
          topic: string
          barrierTimeoutMs: number
          warmupTimeoutMs: number
        }
        spool: { dir: string; maxBytes: number } | undefined
      } & { readonly vendors: readonly VendorConfig[] }
    >()
  })
})

describe('loadConfig', () => {
  it('returns the defaults for an empty environment', () => {
    const config = loadConfig({}, adapters, NO_FILES)
    expect(core(config)).toStrictEqual(DEFAULTS)
    expectVendorDefaults(config)
    expect(config.vendors.map((v) => v.adapter)).toStrictEqual([...adapters])
  })

  it('ignores variables it does not know', () => {
    const config = loadConfig(
      { PATH: '/usr/bin', KAFKA_HEAP_OPTS: '-Xmx1G', HELPCRUNCH_X: '1' },
      adapters
    )
    expect(core(config)).toStrictEqual(DEFAULTS)
    expectVendorDefaults(config)
  })

  it.each<{
    case: string
    env: Env
    files?: Record<string, string>
    pick: (c: Config) => unknown
    expected: unknown
  }>([
    { case: 'PORT', env: { PORT: '9090' }, pick: (c) => c.http.port, expected: 9090 },
    {
      case: 'PORT with spaces around',
      env: { PORT: ' 443 ' },
      pick: (c) => c.http.port,
      expected: 443,
    },
    { case: 'PORT 65535', env: { PORT: '65535' }, pick: (c) => c.http.port, expected: 65_535 },
    { case: 'HOST', env: { HOST: '127.0.0.1' }, pick: (c) => c.http.host, expected: '127.0.0.1' },
    {
      case: 'BODY_LIMIT_BYTES',
      env: { BODY_LIMIT_BYTES: '2048' },
      pick: (c) => c.http.bodyLimitBytes,
      expected: 2048,
    },
    { case: 'ADMIN_PORT', env: { ADMIN_PORT: '9464' }, pick: (c) => c.admin.port, expected: 9464 },
    {
      case: 'ADMIN_PORT=0 (any free port)',
      env: { ADMIN_PORT: '0' },
      pick: (c) => c.admin.port,
      expected: 0,
    },
    {
      case: 'ADMIN_HOST',
      env: { ADMIN_HOST: '0.0.0.0' },
      pick: (c) => c.admin.host,
      expected: '0.0.0.0',
    },
    {
      case: 'ADMIN_TOKEN, named by ADMIN_TOKEN_NAME',
      env: { ADMIN_TOKEN: S1, ADMIN_TOKEN_NAME: 'on-call' },
      pick: (c) => c.console.adminToken,
      expected: { name: 'on-call', token: S1 },
    },
    {
      case: 'ADMIN_TOKEN_FILE ending in a newline',
      env: { ADMIN_TOKEN_FILE: '/run/secrets/admin' },
      files: { '/run/secrets/admin': `${S1}\n` },
      pick: (c) => c.console.adminToken,
      expected: { name: 'admin', token: S1 },
    },
    {
      case: 'CONSOLE_ENABLED',
      env: { CONSOLE_ENABLED: 'false' },
      pick: (c) => c.console.enabled,
      expected: false,
    },
    {
      case: 'CONSOLE_RECENT_WEBHOOKS',
      env: { CONSOLE_RECENT_WEBHOOKS: '2000' },
      pick: (c) => c.console.recentWebhooks,
      expected: 2000,
    },
    {
      case: 'TRACE_UI_URL',
      env: { TRACE_UI_URL: 'http://jaeger:16686/trace/{traceId}' },
      pick: (c) => c.console.traceUiUrl,
      expected: 'http://jaeger:16686/trace/{traceId}',
    },
    {
      case: 'HEADERS_TIMEOUT_MS',
      env: { HEADERS_TIMEOUT_MS: '3000' },
      pick: (c) => c.http.headersTimeoutMs,
      expected: 3000,
    },
    {
      case: 'BODY_TIMEOUT_MS',
      env: { BODY_TIMEOUT_MS: '2500' },
      pick: (c) => c.http.bodyTimeoutMs,
      expected: 2500,
    },
    {
      case: 'KEEP_ALIVE_TIMEOUT_MS',
      env: { KEEP_ALIVE_TIMEOUT_MS: '65000' },
      pick: (c) => c.http.keepAliveTimeoutMs,
      expected: 65_000,
    },
    {
      case: 'REQUEST_DEADLINE_MS',
      env: { REQUEST_DEADLINE_MS: '2500' },
      pick: (c) => c.http.requestDeadlineMs,
      expected: 2500,
    },
    {
      case: 'MAX_IN_FLIGHT_REQUESTS',
      env: { MAX_IN_FLIGHT_REQUESTS: '64' },
      pick: (c) => c.http.maxInFlightRequests,
      expected: 64,
    },
    {
      case: 'RETRY_AFTER_SECONDS',
      env: { RETRY_AFTER_SECONDS: '30' },
      pick: (c) => c.http.retryAfterSeconds,
      expected: 30,
    },
    {
      case: 'SHUTDOWN_DEADLINE_MS',
      env: { SHUTDOWN_DEADLINE_MS: '2147483647' },
      pick: (c) => c.http.shutdownDeadlineMs,
      expected: 2_147_483_647,
    },
    {
      case: 'KAFKA_BROKERS',
      env: { KAFKA_BROKERS: 'kafka-1:9092, kafka_2.internal:9093,' },
      pick: (c) => c.kafka.brokers,
      expected: ['kafka-1:9092', 'kafka_2.internal:9093'],
    },
    {
      case: 'KAFKA_BROKERS with IPv4 and IPv6',
      env: { KAFKA_BROKERS: '10.0.0.7:9092,[::1]:19092' },
      pick: (c) => c.kafka.brokers,
      expected: ['10.0.0.7:9092', '[::1]:19092'],
    },
    {
      case: 'an empty KAFKA_BROKERS',
      env: { KAFKA_BROKERS: '' },
      pick: (c) => c.kafka.brokers,
      expected: undefined,
    },
    {
      case: 'a KAFKA_BROKERS of only commas',
      env: { KAFKA_BROKERS: ' , ' },
      pick: (c) => c.kafka.brokers,
      expected: undefined,
    },
    {
      case: 'KAFKA_CLIENT_ID',
      env: { KAFKA_CLIENT_ID: 'switchboard-eu' },
      pick: (c) => c.kafka.clientId,
      expected: 'switchboard-eu',
    },
    {
      case: 'KAFKA_SASL_* with a password',
      env: {
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'bridge',
        KAFKA_SASL_PASSWORD: S1,
      },
      pick: (c) => c.kafka.sasl,
      expected: { mechanism: 'scram-sha-512', username: 'bridge', password: S1 },
    },
    {
      case: 'KAFKA_SASL_* with a password file ending in a newline',
      env: {
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'bridge',
        KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka',
      },
      files: { '/run/secrets/kafka': `${S1}\n` },
      pick: (c) => c.kafka.sasl,
      expected: { mechanism: 'plain', username: 'bridge', password: S1 },
    },
    {
      case: 'KAFKA_SSL=YES',
      env: { KAFKA_SSL: 'YES' },
      pick: (c) => c.kafka.ssl,
      expected: { rejectUnauthorized: true },
    },
    {
      case: 'KAFKA_SSL=1',
      env: { KAFKA_SSL: '1' },
      pick: (c) => c.kafka.ssl,
      expected: { rejectUnauthorized: true },
    },
    { case: 'KAFKA_SSL=0', env: { KAFKA_SSL: '0' }, pick: (c) => c.kafka.ssl, expected: undefined },
    {
      case: 'KAFKA_SSL=no',
      env: { KAFKA_SSL: 'no' },
      pick: (c) => c.kafka.ssl,
      expected: undefined,
    },
    {
      case: 'KAFKA_SSL_CA_FILE alone (turns TLS on)',
      env: { KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem' },
      files: { '/etc/kafka/ca.pem': 'CA PEM' },
      pick: (c) => c.kafka.ssl,
      expected: { ca: 'CA PEM', rejectUnauthorized: true },
    },
    {
      case: 'KAFKA_SSL_CERT_FILE with KAFKA_SSL_KEY_FILE and KAFKA_SSL=true',
      env: { KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/c.pem', KAFKA_SSL_KEY_FILE: '/k.pem' },
      files: { '/c.pem': 'CERT PEM', '/k.pem': S2 },
      pick: (c) => c.kafka.ssl,
      expected: { cert: 'CERT PEM', key: S2, rejectUnauthorized: true },
    },
    {
      case: 'KAFKA_SSL_REJECT_UNAUTHORIZED=False',
      env: { KAFKA_SSL: 'true', KAFKA_SSL_REJECT_UNAUTHORIZED: 'False' },
      pick: (c) => c.kafka.ssl,
      expected: { rejectUnauthorized: false },
    },
    {
      case: 'KAFKA_TOPIC_*',
      env: {
        KAFKA_TOPIC_CONVERSATIONS: 'crm.Conversations-v2',
        KAFKA_TOPIC_CUSTOMERS: 'crm_customers',
        KAFKA_TOPIC_DEADLETTER: 'x'.repeat(249),
      },
      pick: (c) => c.kafka.topics,
      expected: {
        conversations: 'crm.Conversations-v2',
        customers: 'crm_customers',
        deadLetter: 'x'.repeat(249),
      },
    },
    {
      case: 'KAFKA_TOPIC_PARTITIONS',
      env: { KAFKA_TOPIC_PARTITIONS: '12' },
      pick: (c) => c.kafka.topicPartitions,
      expected: 12,
    },
    {
      case: 'KAFKA_TOPIC_REPLICATION_FACTOR',
      env: { KAFKA_TOPIC_REPLICATION_FACTOR: '3' },
      pick: (c) => c.kafka.topicReplicationFactor,
      expected: 3,
    },
    {
      case: 'KAFKA_TOPIC_REPLICATION_FACTOR=-1',
      env: { KAFKA_TOPIC_REPLICATION_FACTOR: '-1' },
      pick: (c) => c.kafka.topicReplicationFactor,
      expected: -1,
    },
    {
      case: 'KAFKA_CREATE_TOPICS',
      env: { KAFKA_CREATE_TOPICS: 'FALSE' },
      pick: (c) => c.kafka.createTopics,
      expected: false,
    },
    {
      case: 'KAFKA_CONTENT_MODE',
      env: { KAFKA_CONTENT_MODE: 'structured' },
      pick: (c) => c.kafka.contentMode,
      expected: 'structured',
    },
    {
      case: 'PUBLISH_LINGER_MS=0',
      env: { PUBLISH_LINGER_MS: '0' },
      pick: (c) => c.kafka.lingerMs,
      expected: 0,
    },
    {
      case: 'PUBLISH_MAX_BATCH_MESSAGES',
      env: { PUBLISH_MAX_BATCH_MESSAGES: '50' },
      pick: (c) => c.kafka.maxBatchMessages,
      expected: 50,
    },
    {
      case: 'KAFKA_HEALTH_INTERVAL_MS=100',
      env: { KAFKA_HEALTH_INTERVAL_MS: '100' },
      pick: (c) => c.kafka.healthIntervalMs,
      expected: 100,
    },
    {
      case: 'PLAIN_SIGNING_SECRETS (rotation)',
      env: { PLAIN_SIGNING_SECRETS: ` ${S1} ,${S2},` },
      pick: (c) => settingsOf(c).plain.default.secrets,
      expected: [S1, S2],
    },
    {
      case: 'an empty PLAIN_SIGNING_SECRETS',
      env: { PLAIN_SIGNING_SECRETS: '' },
      pick: (c) => settingsOf(c).plain.default.secrets,
      expected: [],
    },
    {
      case: 'PLAIN_TIMESTAMP_TOLERANCE_SECONDS',
      env: { PLAIN_TIMESTAMP_TOLERANCE_SECONDS: '60' },
      pick: (c) => settingsOf(c).plain.default.toleranceSeconds,
      expected: 60,
    },
    {
      case: 'HELPCRUNCH_SIGNING_KEYS',
      env: { HELPCRUNCH_SIGNING_KEYS: `${S1},${S2}` },
      pick: (c) => helpcrunchKeys(c),
      expected: { default: [S1, S2] },
    },
    {
      case: 'DEDUP_MAX_ENTRIES',
      env: { DEDUP_MAX_ENTRIES: '10' },
      pick: (c) => c.dedup.maxEntries,
      expected: 10,
    },
    {
      case: 'DEDUP_TTL_SECONDS',
      env: { DEDUP_TTL_SECONDS: '0086400' },
      pick: (c) => c.dedup.ttlSeconds,
      expected: 86_400,
    },
  ])('reads $case', ({ env, files = {}, pick, expected }) => {
    expect(pick(loadConfig(env, adapters, filesOf(files)))).toStrictEqual(expected)
  })

  it.each<{ case: string; files: string; expected: string[] }>([
    { case: 'one secret per line', files: `${S1}\n${S2}\n`, expected: [S1, S2] },
    { case: 'CRLF lines and blank lines', files: `\r\n${S1}\r\n\r\n${S2}\r\n`, expected: [S1, S2] },
    {
      case: 'commas and newlines mixed, with spaces',
      files: ` ${S1}, ${S2}\n\t${S3} ,\n`,
      expected: [S1, S2, S3],
    },
  ])('splits a secrets file of $case', ({ files, expected }) => {
    const readFile = filesOf({ '/s/plain': files, '/s/hc': files, '/s/acme': files })
    const config = loadConfig(
      {
        PLAIN_SIGNING_SECRETS_FILE: '/s/plain',
        HELPCRUNCH_SIGNING_KEYS_FILE: '/s/hc',
        HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS_FILE: '/s/acme',
      },
      adapters,
      readFile
    )
    expect(settingsOf(config).plain.default.secrets).toStrictEqual(expected)
    expect(helpcrunchKeys(config)).toStrictEqual({ default: expected, acme: expected })
  })

  it.each([
    { variable: 'HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS', account: 'acme' },
    { variable: 'HELPCRUNCH_ACCOUNT_ACME_EU_SIGNING_KEYS', account: 'acme-eu' },
    { variable: 'HELPCRUNCH_ACCOUNT_SHOP2_SIGNING_KEYS', account: 'shop2' },
    { variable: 'HELPCRUNCH_ACCOUNT_A_B_C_SIGNING_KEYS', account: 'a-b-c' },
    { variable: 'HELPCRUNCH_ACCOUNT_42_SIGNING_KEYS_FILE', account: '42' },
  ])('serves $variable as account $account', ({ variable, account }) => {
    const config = loadConfig({ [variable]: S1 }, adapters, filesOf({ [S1]: `${S2}\n` }))
    const keys = variable.endsWith('_FILE') ? [S2] : [S1]
    expect(helpcrunchKeys(config)).toStrictEqual({ default: [], [account]: keys })
  })

  it('keeps the default account beside several named ones, each with its own keys', () => {
    const config = loadConfig(
      {
        HELPCRUNCH_SIGNING_KEYS: S1,
        HELPCRUNCH_ACCOUNT_ACME_EU_SIGNING_KEYS: `${S2},${S3}`,
        HELPCRUNCH_ACCOUNT_GLOBEX_SIGNING_KEYS: '',
      },
      adapters
    )
    expect(helpcrunchKeys(config)).toStrictEqual({
      default: [S1],
      'acme-eu': [S2, S3],
      globex: [],
    })
  })

  it('reads files from disk by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'))
    try {
      writeFileSync(join(dir, 'plain'), `${S1}\n${S2}\n`)
      const config = loadConfig({ PLAIN_SIGNING_SECRETS_FILE: join(dir, 'plain') }, adapters)
      expect(settingsOf(config).plain.default.secrets).toStrictEqual([S1, S2])
    } finally {
      rmSync(dir, { recursive: true })
    }
  })

  it.each<{
    case: string
    env: Env
    files?: Record<string, string>
    variable: string
    message: RegExp
  }>([
    {
      case: 'a unit in an integer',
      env: { PORT: '10s' },
      variable: 'PORT',
      message: /expected an integer from 1 to 65535, got "10s"/,
    },
    {
      case: 'an exponent in an integer',
      env: { BODY_LIMIT_BYTES: '1e3' },
      variable: 'BODY_LIMIT_BYTES',
      message: /expected an integer ≥ 1, got "1e3"/,
    },
    { case: 'an empty integer', env: { PORT: '' }, variable: 'PORT', message: /got ""/ },
    {
      case: 'a fraction',
      env: { KAFKA_TOPIC_PARTITIONS: '1.5' },
      variable: 'KAFKA_TOPIC_PARTITIONS',
      message: /got "1.5"/,
    },
    { case: 'port 0', env: { PORT: '0' }, variable: 'PORT', message: /from 1 to 65535, got 0/ },
    { case: 'port 65536', env: { PORT: '65536' }, variable: 'PORT', message: /got 65536/ },
    {
      case: 'a negative count',
      env: { MAX_IN_FLIGHT_REQUESTS: '-5' },
      variable: 'MAX_IN_FLIGHT_REQUESTS',
      message: /≥ 1, got -5/,
    },
    {
      case: 'a negative linger',
      env: { PUBLISH_LINGER_MS: '-1' },
      variable: 'PUBLISH_LINGER_MS',
      message: /from 0 to 2147483647/,
    },
    {
      case: 'a deadline too long for a timer',
      env: { REQUEST_DEADLINE_MS: '2147483648' },
      variable: 'REQUEST_DEADLINE_MS',
      message: /from 1 to 2147483647/,
    },
    {
      case: 'a health interval under 100 ms',
      env: { KAFKA_HEALTH_INTERVAL_MS: '99' },
      variable: 'KAFKA_HEALTH_INTERVAL_MS',
      message: /from 100 to/,
    },
    {
      case: 'a replication factor of 0',
      env: { KAFKA_TOPIC_REPLICATION_FACTOR: '0' },
      variable: 'KAFKA_TOPIC_REPLICATION_FACTOR',
      message: /-1 \(the broker default\) or an integer ≥ 1, got 0/,
    },
    {
      case: 'an integer beyond 2^53',
      env: { DEDUP_TTL_SECONDS: '99999999999999999999' },
      variable: 'DEDUP_TTL_SECONDS',
      message: /≥ 1/,
    },
    {
      case: 'a bad boolean',
      env: { KAFKA_SSL: 'maybe' },
      variable: 'KAFKA_SSL',
      message: /expected true\/false, 1\/0 or yes\/no, got "maybe"/,
    },
    {
      case: 'an empty boolean',
      env: { KAFKA_CREATE_TOPICS: '' },
      variable: 'KAFKA_CREATE_TOPICS',
      message: /got ""/,
    },
    {
      case: 'a bad content mode',
      env: { KAFKA_CONTENT_MODE: 'json' },
      variable: 'KAFKA_CONTENT_MODE',
      message: /expected one of binary, structured, got "json"/,
    },
    {
      case: 'a bad SASL mechanism',
      env: { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: S1 },
      variable: 'KAFKA_SASL_MECHANISM',
      message: /expected one of plain, scram-sha-256, scram-sha-512/,
    },
    { case: 'a blank HOST', env: { HOST: '  ' }, variable: 'HOST', message: /must not be empty/ },
    {
      case: 'a broker without a port',
      env: { KAFKA_BROKERS: 'kafka:9092,localhost' },
      variable: 'KAFKA_BROKERS',
      message: /expected host:port, got "localhost"/,
    },
    {
      case: 'a broker on port 0',
      env: { KAFKA_BROKERS: 'kafka:0' },
      variable: 'KAFKA_BROKERS',
      message: /got "kafka:0"/,
    },
    {
      case: 'a topic name with a space',
      env: { KAFKA_TOPIC_CONVERSATIONS: 'my topic' },
      variable: 'KAFKA_TOPIC_CONVERSATIONS',
      message: /expected a Kafka topic name .*got "my topic"/,
    },
    {
      case: 'the topic name "."',
      env: { KAFKA_TOPIC_CUSTOMERS: '.' },
      variable: 'KAFKA_TOPIC_CUSTOMERS',
      message: /got "\."/,
    },
    {
      case: 'the topic name ".."',
      env: { KAFKA_TOPIC_DEADLETTER: '..' },
      variable: 'KAFKA_TOPIC_DEADLETTER',
      message: /got "\.\."/,
    },
    {
      case: 'a topic name of 250 characters',
      env: { KAFKA_TOPIC_DEADLETTER: 'x'.repeat(250) },
      variable: 'KAFKA_TOPIC_DEADLETTER',
      message: /expected a Kafka topic name/,
    },
    {
      case: 'an empty topic name',
      env: { KAFKA_TOPIC_CUSTOMERS: '' },
      variable: 'KAFKA_TOPIC_CUSTOMERS',
      message: /got ""/,
    },
    {
      case: 'customers on the conversations topic',
      env: { KAFKA_TOPIC_CUSTOMERS: 'switchboard.conversations.v1' },
      variable: 'KAFKA_TOPIC_CUSTOMERS',
      message: /must differ from KAFKA_TOPIC_CONVERSATIONS/,
    },
    {
      case: 'dead letters on the customers topic',
      env: { KAFKA_TOPIC_DEADLETTER: 'switchboard.customers.v1' },
      variable: 'KAFKA_TOPIC_DEADLETTER',
      message: /must differ from KAFKA_TOPIC_CUSTOMERS/,
    },
    {
      case: 'dead letters on the conversations topic',
      env: { KAFKA_TOPIC_CONVERSATIONS: 'events', KAFKA_TOPIC_DEADLETTER: ' events' },
      variable: 'KAFKA_TOPIC_DEADLETTER',
      message: /must differ from KAFKA_TOPIC_CONVERSATIONS/,
    },
    {
      case: 'SASL without a password',
      env: { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'bridge' },
      variable: 'KAFKA_SASL_PASSWORD',
      message: /required \(or KAFKA_SASL_PASSWORD_FILE\) when KAFKA_SASL_MECHANISM is set/,
    },
    {
      case: 'SASL without a username',
      env: { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: S1 },
      variable: 'KAFKA_SASL_USERNAME',
      message: /required when KAFKA_SASL_MECHANISM is set/,
    },
    {
      case: 'SASL credentials without a mechanism',
      env: { KAFKA_SASL_USERNAME: 'bridge', KAFKA_SASL_PASSWORD: S1 },
      variable: 'KAFKA_SASL_MECHANISM',
      message: /required when KAFKA_SASL_USERNAME/,
    },
    {
      case: 'an empty SASL password',
      env: { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: '' },
      variable: 'KAFKA_SASL_PASSWORD',
      message: /must not be empty/,
    },
    {
      case: 'an empty SASL password file',
      env: {
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD_FILE: '/p',
      },
      files: { '/p': '\n' },
      variable: 'KAFKA_SASL_PASSWORD_FILE',
      message: /the file is empty/,
    },
    {
      case: 'both KAFKA_SASL_PASSWORD and its file',
      env: {
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: S1,
        KAFKA_SASL_PASSWORD_FILE: '/p',
      },
      files: { '/p': S2 },
      variable: 'KAFKA_SASL_PASSWORD_FILE',
      message: /set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both/,
    },
    {
      case: 'both PLAIN_SIGNING_SECRETS and its file',
      env: { PLAIN_SIGNING_SECRETS: S1, PLAIN_SIGNING_SECRETS_FILE: '/s' },
      files: { '/s': S2 },
      variable: 'PLAIN_SIGNING_SECRETS_FILE',
      message: /not both/,
    },
    {
      case: 'both HELPCRUNCH_SIGNING_KEYS and its file',
      env: { HELPCRUNCH_SIGNING_KEYS: S1, HELPCRUNCH_SIGNING_KEYS_FILE: '/s' },
      files: { '/s': S2 },
      variable: 'HELPCRUNCH_SIGNING_KEYS_FILE',
      message: /not both/,
    },
    {
      case: 'both an account variable and its file',
      env: {
        HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS: S1,
        HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS_FILE: '/s',
      },
      files: { '/s': S2 },
      variable: 'HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS_FILE',
      message: /not both/,
    },
    {
      case: 'both ADMIN_TOKEN and its file',
      env: { ADMIN_TOKEN: S1, ADMIN_TOKEN_FILE: '/t' },
      files: { '/t': S2 },
      variable: 'ADMIN_TOKEN_FILE',
      message: /set ADMIN_TOKEN or ADMIN_TOKEN_FILE, not both/,
    },
    {
      case: 'an ADMIN_TOKEN shorter than 16 characters',
      env: { ADMIN_TOKEN: 'short-token' },
      variable: 'ADMIN_TOKEN',
      message: /must be at least 16 characters/,
    },
    {
      case: 'a TRACE_UI_URL without {traceId}',
      env: { TRACE_UI_URL: 'http://jaeger:16686/trace/' },
      variable: 'TRACE_UI_URL',
      message: /expected an http\(s\) URL containing \{traceId\}/,
    },
    {
      case: 'a CONSOLE_RECENT_WEBHOOKS of 0',
      env: { CONSOLE_RECENT_WEBHOOKS: '0' },
      variable: 'CONSOLE_RECENT_WEBHOOKS',
      message: /expected an integer from 1 to 100000/,
    },
    {
      case: 'a missing CA file',
      env: { KAFKA_SSL_CA_FILE: '/missing/ca.pem' },
      variable: 'KAFKA_SSL_CA_FILE',
      message: /cannot read "\/missing\/ca\.pem" \(ENOENT\)/,
    },
    {
      case: 'a missing secrets file',
      env: { PLAIN_SIGNING_SECRETS_FILE: '/missing' },
      variable: 'PLAIN_SIGNING_SECRETS_FILE',
      message: /cannot read "\/missing" \(ENOENT\)/,
    },
    {
      case: 'a missing account keys file',
      env: { HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS_FILE: '/missing' },
      variable: 'HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS_FILE',
      message: /cannot read/,
    },
    {
      case: 'an empty file path',
      env: { KAFKA_SSL_CA_FILE: ' ' },
      variable: 'KAFKA_SSL_CA_FILE',
      message: /expected a file path, got an empty value/,
    },
    {
      case: 'a secrets file without secrets',
      env: { HELPCRUNCH_SIGNING_KEYS_FILE: '/s' },
      files: { '/s': '\n , \n' },
      variable: 'HELPCRUNCH_SIGNING_KEYS_FILE',
      message: /the file holds no secrets/,
    },
    {
      case: 'a certificate without its key',
      env: { KAFKA_SSL_CERT_FILE: '/c' },
      files: { '/c': 'CERT' },
      variable: 'KAFKA_SSL_KEY_FILE',
      message: /required when KAFKA_SSL_CERT_FILE is set/,
    },
    {
      case: 'a key without its certificate',
      env: { KAFKA_SSL_KEY_FILE: '/k' },
      files: { '/k': S1 },
      variable: 'KAFKA_SSL_CERT_FILE',
      message: /required when KAFKA_SSL_KEY_FILE is set/,
    },
    {
      case: 'KAFKA_SSL=false with a CA file',
      env: { KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '/ca' },
      files: { '/ca': 'CA' },
      variable: 'KAFKA_SSL',
      message: /is false, but a KAFKA_SSL_\*_FILE is set/,
    },
    {
      case: 'the default account in the account form',
      env: { HELPCRUNCH_ACCOUNT_DEFAULT_SIGNING_KEYS: S1 },
      variable: 'HELPCRUNCH_ACCOUNT_DEFAULT_SIGNING_KEYS',
      message: /go in HELPCRUNCH_SIGNING_KEYS/,
    },
    {
      case: 'the default account in the account file form',
      env: { HELPCRUNCH_ACCOUNT_DEFAULT_SIGNING_KEYS_FILE: '/s' },
      files: { '/s': S1 },
      variable: 'HELPCRUNCH_ACCOUNT_DEFAULT_SIGNING_KEYS_FILE',
      message: /go in HELPCRUNCH_SIGNING_KEYS/,
    },
    {
      case: 'a lower-case account name',
      env: { HELPCRUNCH_ACCOUNT_acme_SIGNING_KEYS: S1 },
      variable: 'HELPCRUNCH_ACCOUNT_acme_SIGNING_KEYS',
      message: /not an account variable/,
    },
    {
      case: 'a misspelt account variable',
      env: { HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEY: S1 },
      variable: 'HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEY',
      message: /not an account variable/,
    },
  ])('refuses $case, naming $variable', ({ env, files = {}, variable, message }) => {
    const error = configErrorOf(env, filesOf(files))
    expect(error.problems).toHaveLength(1)
    expect(variablesOf(error)).toStrictEqual([variable])
    expect(error.problems[0]).toMatch(message)
    expect(error.message).toBe(`invalid configuration:\n- ${error.problems[0]}`)
  })

  it('refuses with a readFile that throws something other than an fs error', () => {
    const error = configErrorOf({ KAFKA_SSL_CA_FILE: '/ca' }, () => {
      throw new Error('permission denied by policy')
    })
    expect(error.problems).toStrictEqual([
      'KAFKA_SSL_CA_FILE: cannot read "/ca" (permission denied by policy)',
    ])
  })

  it('never shows an ADMIN_TOKEN it refuses, nor the one it keeps', () => {
    const short = S1.slice(0, 12)
    const refused = configErrorOf(
      { ADMIN_TOKEN: short, ADMIN_TOKEN_FILE: '/t' },
      filesOf({ '/t': S2 })
    )
    expect(refused.problems.length).toBeGreaterThan(0)
    for (const value of [short, S2]) expect(JSON.stringify(refused)).not.toContain(value)
  })

  it('reports every problem at once, per-variable and cross-variable alike', () => {
    const error = configErrorOf(
      {
        PORT: '80s',
        KAFKA_SSL: 'maybe',
        KAFKA_BROKERS: 'a,b:1',
        KAFKA_TOPIC_CUSTOMERS: 'switchboard.conversations.v1',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'bridge',
        PLAIN_SIGNING_SECRETS: S1,
        PLAIN_SIGNING_SECRETS_FILE: '/s',
        KAFKA_SSL_CERT_FILE: '/c',
        HELPCRUNCH_ACCOUNT_DEFAULT_SIGNING_KEYS: S2,
        HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS_FILE: '/missing',
        DEDUP_TTL_SECONDS: '7d',
      },
      filesOf({ '/s': S3, '/c': 'CERT' })
    )
    expect(new Set(variablesOf(error))).toStrictEqual(
      new Set([
        'PORT',
        'KAFKA_SSL',
        'KAFKA_BROKERS',
        'KAFKA_TOPIC_CUSTOMERS',
        'KAFKA_SASL_PASSWORD',
        'PLAIN_SIGNING_SECRETS_FILE',
        'KAFKA_SSL_KEY_FILE',
        'HELPCRUNCH_ACCOUNT_DEFAULT_SIGNING_KEYS',
        'HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS_FILE',
        'DEDUP_TTL_SECONDS',
      ])
    )
    expect(error.problems).toHaveLength(10)
    for (const problem of error.problems) expect(error.message).toContain(problem)
  })

  it('never shows a secret value in the error', () => {
    const error = configErrorOf(
      {
        PLAIN_SIGNING_SECRETS: `${S1},${S2}`,
        PLAIN_SIGNING_SECRETS_FILE: '/s/plain',
        HELPCRUNCH_SIGNING_KEYS: S3,
        HELPCRUNCH_SIGNING_KEYS_FILE: '/s/hc',
        HELPCRUNCH_ACCOUNT_DEFAULT_SIGNING_KEYS: S4,
        HELPCRUNCH_ACCOUNT_acme_SIGNING_KEYS: S5,
        HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS: S6,
        HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS_FILE: '/s/acme',
        KAFKA_SASL_USERNAME: 'bridge',
        KAFKA_SASL_PASSWORD: S7,
        KAFKA_SSL_KEY_FILE: '/s/key',
      },
      filesOf({ '/s/plain': S8, '/s/hc': S8, '/s/acme': S8, '/s/key': S8 })
    )
    expect(error.problems).toHaveLength(7)
    for (const value of [S1, S2, S3, S4, S5, S6, S7, S8]) {
      expect(error.message).not.toContain(value)
      expect(JSON.stringify(error)).not.toContain(value)
    }
  })
})

describe('docs/configuration.md', () => {
  const docs = readFileSync(
    join(import.meta.dirname, '..', '..', 'docs', 'configuration.md'),
    'utf8'
  )
  /** First two cells of every table row whose first cell is a `VARIABLE`. */
  const rows = [...docs.matchAll(/^\|\s*`([A-Z0-9_<>]+)`\s*\|([^|]*)\|/gm)].map(
    ([, name, cell]) => ({
      name: name!,
      defaultCell: cell!.trim(),
    })
  )

  it('documents every variable the loader reads, and no other', () => {
    expect(rows.map((row) => row.name).sort()).toStrictEqual(configVariables(adapters).sort())
  })

  it.each(
    adapters.flatMap((adapter) => adapter.settings.variables.map((variable) => ({ ...variable })))
  )('shows the default of the vendor variable $name', ({ name, default: fallback }) => {
    const row = rows.find((r) => r.name === name)
    expect(row).toBeDefined()
    expect(row!.defaultCell).toBe(fallback === undefined ? '—' : `\`${fallback}\``)
  })

  it.each(ENV_VARIABLES.map((name) => ({ name })))('shows the default of $name', ({ name }) => {
    const entry = createEnvSchema(NO_FILES).pipe[0].entries[name]
    const fallback = v.getDefault(entry)
    const row = rows.find((r) => r.name === name)
    expect(row).toBeDefined()
    // KAFKA_SSL has no schema default (unset means "decided by the files"); its row says false.
    const expected =
      fallback === undefined ? (name === 'KAFKA_SSL' ? '`false`' : '—') : `\`${fallback}\``
    expect(row!.defaultCell).toBe(expected)
  })
})
