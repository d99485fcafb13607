/**
 * Keeps the deployment kit (Dockerfile, compose.yaml, deploy/) true to the bridge: the metrics the
 * dashboard queries are ones the bridge exports, the settings given to it are ones it reads and
 * accepts, probes and scrapes hit the admin listener's port and routes, images are pinned, and the
 * image gets production dependencies only. YAML is read line by line (no YAML library): the files
 * keep the simple shapes these checks expect.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { metrics } from '@opentelemetry/api'
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { adapters } from '../adapters/index.ts'
import { configVariables, loadConfig } from '../src/config/config.ts'
import { createAdminApp } from '../src/http/admin-app.ts'
import { silentLogger } from '../src/log.ts'
import * as attributes from '../src/telemetry/attributes.ts'
import {
  bridgeMetrics,
  localMetrics,
  observeDedup,
  observeKafkaConnected,
  observeSpool,
} from '../src/telemetry/metrics.ts'
import { observeProcess } from '../src/telemetry/process-metrics.ts'
import { withPrometheusUnitSuffixes } from '../src/telemetry/prometheus-names.ts'
import { TELEMETRY_SHUTDOWN_TIMEOUT_MS } from '../src/telemetry/sdk.ts'
import { dockerfileCommand } from './helpers/dockerfile.ts'

const ROOT = join(import.meta.dirname, '..')
/** A tsconfig without its `//` line comments (JSON with comments, as tsc reads it). */
const stripJsonComments = (text: string) => text.replace(/^\s*\/\/.*$/gm, '')
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')

const DOCKERFILE = read('Dockerfile')
const COMPOSE = read('compose.yaml')
const DEPLOYMENT = read('deploy/k8s/base/deployment.yaml')
const KUSTOMIZATION = read('deploy/k8s/base/kustomization.yaml')
const DASHBOARD_PATH = 'deploy/grafana/switchboard-dashboard.json'

/** `KEY=value` lines of an env file (kustomize's configMapGenerator `envs`), comments skipped. */
function envFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
}

const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/, '$2')

/** The lines of one top-level service of compose.yaml (two-space indent), up to the next one. */
function composeService(name: string): string[] {
  const lines = COMPOSE.split('\n')
  const start = lines.indexOf(`  ${name}:`)
  if (start < 0) throw new Error(`compose.yaml has no service ${name}`)
  const end = lines.findIndex((line, i) => i > start && /^ {0,2}\S/.test(line))
  return lines.slice(start + 1, end < 0 ? undefined : end)
}

/** The `environment:` mapping of a compose service (`KEY: value` lines). */
function composeEnvironment(name: string): Record<string, string> {
  const lines = composeService(name)
  const start = lines.indexOf('    environment:')
  const env: Record<string, string> = {}
  for (const line of lines.slice(start + 1)) {
    if (/^\s*#/.test(line)) continue
    const entry = /^ {6}([A-Za-z_][A-Za-z0-9_]*): (.*)$/.exec(line)
    if (!entry) break
    env[entry[1]!] = unquote(entry[2]!)
  }
  return env
}

/** The bridge's environment in Kubernetes: the ConfigMap's env file plus the container's `env`. */
function kubernetesEnvironment(): Record<string, string> {
  const fromDeployment = Object.fromEntries(
    [...DEPLOYMENT.matchAll(/- name: ([A-Z_][A-Z0-9_]*)\n\s+value: (.*)/g)].map(([, k, v]) => [
      k!,
      unquote(v!),
    ])
  )
  return { ...envFile(read('deploy/k8s/base/switchboard.env')), ...fromDeployment }
}

/** Every variable the bridge reads: its configuration, the vendors', LOG_LEVEL and the OTEL_* of docs/telemetry.md. */
function knownVariables(): Set<string> {
  const otel = [...read('docs/telemetry.md').matchAll(/\bOTEL_[A-Z0-9_]*[A-Z0-9]\b/g)].map(
    ([name]) => name
  )
  return new Set([...configVariables(adapters), 'LOG_LEVEL', ...otel])
}

/**
 * The secret variables of every registered vendor's default account (per-account variables are
 * the operator's to add): the kit must give each as its `_FILE` twin.
 */
const SECRET_VARIABLES = adapters.flatMap((adapter) =>
  adapter.settings.variables
    .filter((variable) => variable.secret === true && !variable.name.includes('<'))
    .map((variable) => variable.name)
)

/** Loads a configuration as the bridge would, with every `*_FILE` read as a placeholder secret. */
const loadWithFiles = (env: Record<string, string>) =>
  loadConfig(env, adapters, () => 'placeholder-secret\n')

/** The probe `kind` of the Deployment: its httpGet path and port. */
function probe(kind: string): { path: string; port: string } {
  const match = new RegExp(
    `${kind}:\\s*\\n\\s*httpGet:\\s*\\n\\s*path: (\\S+)\\s*\\n\\s*port: (\\S+)`
  ).exec(DEPLOYMENT)
  if (!match) throw new Error(`deployment.yaml has no httpGet ${kind}`)
  return { path: match[1]!, port: match[2]! }
}

/** The Deployment's `containerPort` of the named port. */
function containerPort(name: string): number {
  const match = new RegExp(`- name: ${name}\\s*\\n\\s*containerPort: (\\d+)`).exec(DEPLOYMENT)
  if (!match) throw new Error(`deployment.yaml has no port ${name}`)
  return Number(match[1])
}

/** A number of seconds from a YAML scalar or a compose duration (`25s`). */
const seconds = (text: string) => Number(/^(\d+)s?$/.exec(text.trim())?.[1] ?? NaN)

describe('the Dockerfile', () => {
  it('keeps the production command: node with its V8 flags, the telemetry preload and src/main, compiled', () => {
    const cmd = dockerfileCommand()
    expect(cmd[0]).toBe('node')
    expect(cmd).toContain('--max-semi-space-size=8')
    expect(cmd).toContain('--heap-growing-percent=100')
    expect(cmd.slice(cmd.indexOf('--import'), cmd.indexOf('--import') + 2)).toEqual([
      '--import',
      './src/telemetry/register.js',
    ])
    expect(cmd.at(-1)).toBe('src/main.js')
    // Compiled from these sources by tsconfig.app.json, which names them as its roots (the image
    // really running them is test/integration/main.test.ts's).
    const appConfig = JSON.parse(stripJsonComments(read('tsconfig.app.json'))) as {
      files: string[]
    }
    for (const file of [cmd.at(-1)!, './src/telemetry/register.js']) {
      const source = file.replace(/^\.\//, '').replace(/\.js$/, '.ts')
      expect(existsSync(join(ROOT, source)), source).toBe(true)
      expect(appConfig.files).toContain(source)
    }
    // The container's entry refuses to start without KAFKA_BROKERS (no local broker in an image).
    expect(read('src/main.ts')).toMatch(/KAFKA_BROKERS is not set/)
  })

  it('pins every stage to the same base image by digest', () => {
    const bases = [...DOCKERFILE.matchAll(/^FROM\s+(\S+)/gm)].map(([, image]) => image!)
    expect(bases.length).toBeGreaterThanOrEqual(2)
    expect(new Set(bases).size).toBe(1)
    expect(bases[0]).toMatch(/^node:24[\w.-]*@sha256:[0-9a-f]{64}$/)
  })

  it('builds what the entry and the CLI need, and puts `switchboard` on PATH', () => {
    const copied = [...DOCKERFILE.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap(([, from]) =>
      from!.split(' ')
    )
    expect(copied).toEqual(
      expect.arrayContaining([
        ...['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.app.json'],
        ...['scripts/build-app.ts', 'scripts/compile-typescript.ts', 'src', 'adapters', 'bin'],
      ])
    )
    for (const path of copied) expect(existsSync(join(ROOT, path)), path).toBe(true)
    const wrapper = /exec node (\/app\/\S+)/.exec(DOCKERFILE)?.[1]
    expect(wrapper).toBe('/app/bin/switchboard.js')
    const appConfig = JSON.parse(stripJsonComments(read('tsconfig.app.json'))) as {
      files: string[]
    }
    expect(appConfig.files).toContain('bin/switchboard.ts')
    expect(DOCKERFILE).toMatch(/> \/usr\/local\/bin\/switchboard/)
  })

  it('ships the compiled app and the production dependencies, not the build stage’s', () => {
    const final = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '))
    const fromStages = [...final.matchAll(/^COPY --from=(\S+) (\S+) (\S+)$/gm)].map(
      ([, stage, from, to]) => `${stage!} ${from!} ${to!}`
    )
    expect(fromStages).toEqual(['deps /app/node_modules ./node_modules', 'build /app/dist/app ./'])
    // Nothing from the build context reaches the final stage but through the build.
    expect(final).not.toMatch(/^COPY (?!--from)/m)
  })

  it('carries the OCI labels, from build arguments where they change per build', () => {
    for (const label of ['title', 'description', 'source', 'licenses', 'version', 'revision'])
      expect(DOCKERFILE).toContain(`org.opencontainers.image.${label}=`)
    expect(DOCKERFILE).toContain('org.opencontainers.image.version="${VERSION}"')
    expect(DOCKERFILE).toContain('org.opencontainers.image.revision="${REVISION}"')
  })

  it('installs production dependencies only: no compiler, test runner, linter or node@24', () => {
    expect(DOCKERFILE).toMatch(/npm ci --omit=dev --omit=optional --ignore-scripts/)
    // What that command installs: the lockfile's packages that are neither dev nor optional.
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }>
    }
    const installed = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !p.dev && !p.optional && !p.devOptional)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    expect(installed).toContain('kafkajs')
    const devTools =
      /^(typescript|vitest|@vitest\/.*|eslint|@eslint\/.*|typescript-eslint|prettier|node|tsx|fast-check|ajv)$/
    expect(installed.filter((name) => devTools.test(name))).toEqual([])
  })

  it('applies the package patches after the install, with the lockfile’s patch-package', () => {
    // `npm ci --ignore-scripts` skips the postinstall that applies them everywhere else.
    expect(DOCKERFILE).toMatch(/^COPY patches \.\/patches$/m)
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { version: string }>
    }
    const version = lock.packages['node_modules/patch-package']?.version
    expect(DOCKERFILE).toContain(
      `npx --yes patch-package@${version} --error-on-fail --error-on-warn`
    )
    // --error-on-warn: a patch made for another version of its package fails the install.
    expect(JSON.parse(read('package.json')).scripts.postinstall).toBe(
      'patch-package --error-on-warn'
    )
    expect(readdirSync(join(ROOT, 'patches')).filter((f) => f.endsWith('.patch'))).not.toEqual([])
  })

  it('keeps dependencies, local data, tests and benchmarks out of the build context', () => {
    const ignored = read('.dockerignore').split('\n')
    for (const entry of ['node_modules', '.data', 'test', 'bench', '.env'])
      expect(ignored).toContain(entry)
  })
})

describe('the settings given to the bridge', () => {
  it.each([
    ['compose.yaml', () => composeEnvironment('bridge')],
    ['the Kubernetes ConfigMap and Deployment', kubernetesEnvironment],
  ])('in %s are variables it reads, and it accepts them', (_where, environment) => {
    const env = environment()
    const known = knownVariables()
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([])
    const config = loadWithFiles(env)
    expect(config.admin.host).toBe('0.0.0.0')
    expect(config.kafka.brokers?.length).toBeGreaterThan(0)
    // Every vendor's secrets, only as files, never as values.
    for (const name of SECRET_VARIABLES) expect(env).toHaveProperty(`${name}_FILE`)
    expect(Object.keys(env).filter((name) => /SECRETS$|KEYS$|PASSWORD$/.test(name))).toEqual([])
    expect(Object.keys(env).filter((name) => SECRET_VARIABLES.includes(name))).toEqual([])
  })

  it('mounts the Kubernetes secrets where the *_FILE variables point', () => {
    const env = kubernetesEnvironment()
    const mount = /- name: secrets\s*\n\s*mountPath: (\S+)/.exec(DEPLOYMENT)?.[1]
    const overlay = read('deploy/k8s/overlays/example/kustomization.yaml')
    for (const name of SECRET_VARIABLES) {
      const key = name.toLowerCase().replaceAll('_', '-')
      expect(env[`${name}_FILE`]).toBe(`${mount}/${key}`)
      // The example overlay's Secret holds that key, from a git-ignored file.
      expect(overlay).toContain(`- ${key}=secrets/${key}\n`)
    }
    expect(DEPLOYMENT).toMatch(/secretName: switchboard-secrets/)
  })

  it('reads the compose secrets from git-ignored files', () => {
    const env = composeEnvironment('bridge')
    const files = [...COMPOSE.matchAll(/^ {4}file: (\S+)$/gm)].map(([, file]) => file!)
    expect(files.length).toBeGreaterThan(0)
    expect(files.every((file) => file.startsWith('./deploy/compose/secrets/'))).toBe(true)
    for (const name of SECRET_VARIABLES) {
      const secret = name.toLowerCase()
      expect(env[`${name}_FILE`]).toBe(`/run/secrets/${secret}`)
      expect(composeService('bridge')).toContain(`      - ${secret}`)
      expect(files).toContain(`./deploy/compose/secrets/${secret}`)
    }
    expect(read('.gitignore').split('\n')).toEqual(
      expect.arrayContaining([
        '.env',
        'deploy/compose/secrets/*',
        'deploy/k8s/overlays/example/secrets/*',
      ])
    )
  })
})

describe('probes and scrapes', () => {
  const admin = createAdminApp({
    kafkaReady: () => true,
    isShuttingDown: () => false,
    metricsText: () => Promise.resolve(''),
    logger: silentLogger,
    retryAfterSeconds: 1,
  })

  it('hit routes the admin listener serves, on the port the bridge is configured with', async () => {
    const config = loadWithFiles(kubernetesEnvironment())
    expect(containerPort('admin')).toBe(config.admin.port)
    expect(containerPort('webhook')).toBe(config.http.port)
    expect(probe('livenessProbe')).toEqual({ path: '/healthz', port: 'admin' })
    expect(probe('readinessProbe')).toEqual({ path: '/readyz', port: 'admin' })
    expect(probe('startupProbe').port).toBe('admin')
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'])
      expect((await admin.request(probe(kind).path)).status, kind).toBe(200)
    expect(DEPLOYMENT).toContain(`prometheus.io/port: '${config.admin.port}'`)
    expect(DEPLOYMENT).toContain('prometheus.io/path: /metrics')
    expect((await admin.request('/metrics')).status).toBe(200)
    // The Service exposes the webhook port only.
    const service = read('deploy/k8s/base/service.yaml').replace(/^\s*#.*$/gm, '')
    expect(service).toMatch(/targetPort: webhook/)
    expect(service).not.toMatch(/admin|9091/)
  })

  it('in compose: the healthcheck, the port and the Prometheus target use the admin listener', () => {
    const config = loadWithFiles(composeEnvironment('bridge'))
    const bridge = composeService('bridge').join('\n')
    expect(bridge).toContain(`http://127.0.0.1:${config.admin.port}/readyz`)
    expect(bridge).toContain(`'127.0.0.1:${config.admin.port}:${config.admin.port}'`)
    expect(bridge).toContain(`'${config.http.port}:${config.http.port}'`)
    expect(read('deploy/compose/prometheus.yml')).toContain(`'bridge:${config.admin.port}'`)
  })

  it('give the bridge longer to stop than its shutdown deadline and telemetry flush', () => {
    const config = loadWithFiles(kubernetesEnvironment())
    const preStop = Number(/command: \['sleep', '(\d+)'\]/.exec(DEPLOYMENT)?.[1] ?? 0)
    const needed = preStop + (config.http.shutdownDeadlineMs + TELEMETRY_SHUTDOWN_TIMEOUT_MS) / 1000
    const grace = seconds(/terminationGracePeriodSeconds: (\S+)/.exec(DEPLOYMENT)?.[1] ?? '')
    expect(grace).toBeGreaterThan(needed)
    const composeConfig = loadWithFiles(composeEnvironment('bridge'))
    const composeGrace = seconds(/stop_grace_period: (\S+)/.exec(COMPOSE)?.[1] ?? '')
    expect(composeGrace).toBeGreaterThan(
      (composeConfig.http.shutdownDeadlineMs + TELEMETRY_SHUTDOWN_TIMEOUT_MS) / 1000
    )
  })

  it('wait at start-up for Kafka and for the de-duplication window to be read back', () => {
    const config = loadWithFiles(kubernetesEnvironment()) as {
      dedup?: { warmupTimeoutMs?: number }
    }
    const warmupMs = config.dedup?.warmupTimeoutMs ?? 0
    const startup = /startupProbe:[\s\S]*?periodSeconds: (\d+)\s*\n\s*failureThreshold: (\d+)/.exec(
      DEPLOYMENT
    )
    expect(Number(startup?.[1]) * Number(startup?.[2])).toBeGreaterThanOrEqual(warmupMs / 1000 + 30)
    const startPeriod = seconds(
      /start_period: (\S+)/.exec(composeService('bridge').join('\n'))?.[1] ?? ''
    )
    expect(startPeriod).toBeGreaterThanOrEqual(warmupMs / 1000 + 30)
  })

  it('run the pod as non-root on a read-only root filesystem with no capabilities', () => {
    for (const line of [
      'runAsNonRoot: true',
      'readOnlyRootFilesystem: true',
      'allowPrivilegeEscalation: false',
      'drop: [ALL]',
      'replicas: 2',
      'minAvailable: 1',
    ])
      expect(DEPLOYMENT + read('deploy/k8s/base/pdb.yaml')).toContain(line)
  })
})

describe('images', () => {
  it('are pinned in compose.yaml, Kafka to the version of kafka/pom.xml', () => {
    const images = [...COMPOSE.matchAll(/^\s+image: (\S+)/gm)].map(([, image]) => image!)
    expect(images.length).toBeGreaterThanOrEqual(6)
    for (const image of images) {
      expect(image, image).toMatch(/:[^:/]*\d[^:/]*$/)
      expect(image, image).not.toMatch(/:latest$/)
    }
    const kafka = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('kafka/pom.xml'))?.[1]
    expect(images).toContain(`apache/kafka:${kafka}`)
  })

  it('are pinned in the kustomization', () => {
    const tags = [...KUSTOMIZATION.matchAll(/newTag: (\S+)/g)].map(([, tag]) => tag!)
    expect(tags.length).toBeGreaterThan(0)
    expect(tags.filter((tag) => tag === 'latest')).toEqual([])
    expect(DEPLOYMENT).toMatch(/image: switchboard\n/)
    expect(KUSTOMIZATION).toMatch(/- name: switchboard\n/)
  })
})

describe('the Grafana dashboard', () => {
  /** The Prometheus text the bridge serves, with one measurement on every instrument. */
  let exported = ''
  beforeAll(async () => {
    // As the preload wires it: the bridge's counters and histograms come from its local
    // aggregation (a metric producer of the reader), its gauges from the meter provider.
    const exporter = new PrometheusExporter({
      preventServerStart: true,
      metricProducers: [localMetrics.attach()],
    })
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }))
    for (const instrument of Object.values(bridgeMetrics())) {
      if ('record' in instrument) instrument.record(0.01)
      else instrument.add(1)
    }
    const stopKafka = observeKafkaConnected(() => true)
    const stopDedup = observeDedup({ size: 1, memoryBytes: 32 })
    const stopSpool = observeSpool(() => ({ depth: 1, bytes: 2048, oldestAgeSeconds: 1 }))
    // The event-loop gauges report a complete 10 s window that saw samples: let windows pass
    // (fake intervals) while the loop really runs, until one has data.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const stopProcess = observeProcess()
    for (let tries = 0; tries < 40 && !/^nodejs_eventloop_delay_p99/m.test(exported); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      vi.advanceTimersByTime(10_000)
      const { resourceMetrics } = await exporter.collect()
      exported = new PrometheusSerializer().serialize(withPrometheusUnitSuffixes(resourceMetrics))
    }
    stopProcess()
    stopKafka()
    stopDedup()
    stopSpool()
    vi.useRealTimers()
  })
  afterAll(() => {
    metrics.disable()
  })

  interface Panel {
    readonly type: string
    readonly title: string
    readonly targets?: readonly { readonly expr: string }[]
    readonly datasource?: { readonly uid: string }
  }
  const dashboard = JSON.parse(read(DASHBOARD_PATH)) as {
    uid: string
    panels: Panel[]
    templating: { list: { name: string; query: string | { query: string } }[] }
  }
  const queries = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
    ...dashboard.templating.list
      .map((variable) => variable.query)
      .filter((query) => typeof query === 'object')
      .map((query) => query.query),
  ]
  /** Metric names in a PromQL expression: identifiers a `{selector}` follows, and `label_values(name, …)`. */
  const metricNames = (expr: string) => [
    ...[...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(([, name]) => name!),
    ...[...expr.matchAll(/label_values\(([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,/g)].map(([, name]) => name!),
  ]
  /** Label names in a PromQL expression: in `by (…)` and in matchers. */
  const labelNames = (expr: string) => [
    ...[...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap(([, list]) =>
      list!.split(',').map((label) => label.trim())
    ),
    ...[...expr.matchAll(/[{,]\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map(([, n]) => n!),
  ]

  it('queries only metrics the bridge exports under those names', () => {
    const families = new Map(
      [...exported.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [name!, type!])
    )
    // Sanity: the in-process export is the bridge's (see docs/telemetry.md).
    expect(families.get('switchboard_webhooks_received_total')).toBe('counter')
    expect(families.get('http_server_request_duration_seconds')).toBe('histogram')
    expect(families.has('nodejs_eventloop_delay_p99_seconds')).toBe(true)
    const unknown: string[] = []
    for (const expr of queries) {
      expect(metricNames(expr).length, expr).toBeGreaterThan(0)
      for (const name of metricNames(expr)) {
        const histogram = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1]
        const ok =
          histogram !== undefined && families.get(histogram) === 'histogram'
            ? true
            : families.has(name) && families.get(name) !== 'histogram'
        if (!ok) unknown.push(name)
      }
    }
    expect(unknown).toEqual([])
  })

  it('groups and filters by labels the bridge sets, or that Prometheus adds', () => {
    const sanitized = Object.values(attributes).map((name) => name.replace(/[^a-zA-Z0-9_]/g, '_'))
    // The process metrics' own attributes (cpu.mode, v8js.heap.space.name) as exported.
    const inExport = [...exported.matchAll(/[{,]([a-zA-Z_][a-zA-Z0-9_]*)="/g)].map(([, n]) => n!)
    const allowed = new Set([...sanitized, ...inExport, 'le', 'job', 'instance'])
    const unknown = queries.flatMap(labelNames).filter((label) => !allowed.has(label))
    expect(unknown).toEqual([])
  })

  it('covers outcomes and reasons, both latency histograms, Kafka, in-flight and the process', () => {
    const all = queries.join('\n')
    for (const needed of [
      'switchboard_webhook_outcome',
      'switchboard_webhook_reason',
      'histogram_quantile(0.5, sum by (le) (rate(http_server_request_duration_seconds_bucket',
      'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket',
      'histogram_quantile(0.99, sum by (le) (rate(switchboard_publish_latency_seconds_bucket',
      'switchboard_kafka_connected',
      'switchboard_webhooks_in_flight',
      'switchboard_dedup_hits_total',
      'switchboard_dedup_ids',
      'switchboard_dedup_memory_bytes',
      'process_cpu_time_seconds_total',
      'process_memory_usage_bytes',
      'nodejs_eventloop_delay_p99_seconds',
      'v8js_memory_heap_used_bytes',
    ])
      expect(all, needed).toContain(needed)
  })

  it('takes its data source from a variable, and compose provisions it where Grafana looks', () => {
    const panels = dashboard.panels.filter((panel) => panel.type !== 'row')
    expect(panels.every((panel) => panel.datasource?.uid === '${datasource}')).toBe(true)
    const provider = read('deploy/compose/grafana/provisioning/dashboards/switchboard.yaml')
    const folder = /path: (\S+)/.exec(provider)?.[1]
    expect(COMPOSE).toContain(`./${DASHBOARD_PATH}:${folder}/switchboard-dashboard.json:ro`)
    expect(COMPOSE).toContain('./deploy/compose/grafana/provisioning:/etc/grafana/provisioning:ro')
  })
})
