/**
 * Renders every kustomization of deploy/k8s with kustomize (the base, each overlay, each component
 * on the base, and all of them together), validates every resource offline against the
 * Kubernetes API's JSON schemas (kubernetes-validate, strict: unknown fields are errors), and
 * checks that the pieces fit: the HPA scales the workload the build deploys, selectors match the
 * pods, the NetworkPolicy admits the ports the pods declare and lets out the ports of Kafka and
 * the collector, every `*_FILE` names a file of a mounted Secret, the spool has its volume, the
 * namespace exists, the Ingress and the ServiceMonitor reach the right ports. It also loads
 * compose.yaml as `docker compose config` does (compose-go), without GRAFANA_ADMIN_PASSWORD.
 *
 * The tools come from `bash deploy/tools/install.sh` (into .data/tools) or PATH: kustomize, a
 * Python with kubernetes-validate, and compose-config. Without them those parts are skipped, with
 * the reason printed. The YAML is turned into JSON by deploy/tools/k8s-validate.py (PyYAML), so
 * the test needs no YAML library of its own.
 */
import { spawnSync } from 'node:child_process'
import {
  accessSync,
  constants,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, posix } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'
import { configVariables, loadConfig } from '../src/config/config.ts'
import type { Config } from '../src/config/config.ts'

const ROOT = join(import.meta.dirname, '..')
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const TOOLS = process.env['SWITCHBOARD_TOOLS_DIR'] ?? join(ROOT, '.data', 'tools')
/** The Kubernetes versions whose schemas every resource must satisfy: an older and the newest. */
const KUBERNETES_VERSIONS = ['1.31.0', '1.37.0']
/** Custom resources: no schema in kubernetes-validate, so checked structurally instead. */
const CUSTOM_RESOURCES = new Set(['monitoring.coreos.com/v1 ServiceMonitor'])

// ---------------------------------------------------------------------------------------------
// Tools

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The tool in the install folder, else on PATH. */
function findTool(installed: string, name: string): string | undefined {
  if (executable(installed)) return installed
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, name))
    .find(executable)
}

function run(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {}
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.env === undefined ? {} : { env: options.env }),
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const KUSTOMIZE = findTool(join(TOOLS, 'bin', 'kustomize'), 'kustomize')
/** A Python that imports kubernetes_validate: the install folder's, else python3 on PATH. */
const PYTHON = [join(TOOLS, 'venv', 'bin', 'python'), findTool('', 'python3')]
  .filter((python): python is string => python !== undefined && executable(python))
  .find((python) => run(python, ['-c', 'import kubernetes_validate']).status === 0)
const COMPOSE_CONFIG = findTool(join(TOOLS, 'bin', 'compose-config'), 'compose-config')
const INSTALL = 'run `bash deploy/tools/install.sh` (see deploy/README.md)'

const k8sSkip = [
  KUSTOMIZE === undefined && `kustomize not found (in ${TOOLS}/bin or on PATH)`,
  PYTHON === undefined && `no Python with kubernetes-validate (in ${TOOLS}/venv or on PATH)`,
].filter((reason) => reason !== false)
if (k8sSkip.length > 0)
  console.warn(
    `deploy-manifests: SKIPPING the Kubernetes manifests: ${k8sSkip.join('; ')}; ${INSTALL}`
  )
if (COMPOSE_CONFIG === undefined)
  console.warn(
    `deploy-manifests: SKIPPING the compose-config checks of compose.yaml: compose-config not found (in ${TOOLS}/bin or on PATH); ${INSTALL}`
  )

// ---------------------------------------------------------------------------------------------
// The shapes of the resources the checks read (what kustomize renders).

type Labels = Readonly<Record<string, string>>
interface Resource {
  readonly apiVersion: string
  readonly kind: string
  readonly metadata: {
    readonly name: string
    readonly namespace?: string
    readonly labels?: Labels
    readonly annotations?: Labels
  }
}
interface LabelSelector {
  readonly matchLabels?: Labels
  readonly matchExpressions?: readonly {
    readonly key: string
    readonly operator: string
    readonly values?: readonly string[]
  }[]
}
interface Container {
  readonly name: string
  readonly image: string
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[]
  readonly env?: readonly { readonly name: string; readonly value?: string }[]
  readonly envFrom?: readonly { readonly configMapRef?: { readonly name: string } }[]
  readonly volumeMounts?: readonly {
    readonly name: string
    readonly mountPath: string
    readonly readOnly?: boolean
  }[]
  readonly resources?: {
    readonly requests?: Labels
    readonly limits?: Labels
  }
}
interface PodTemplate {
  readonly metadata: { readonly labels?: Labels; readonly annotations?: Labels }
  readonly spec: {
    readonly containers: readonly Container[]
    readonly volumes?: readonly {
      readonly name: string
      readonly secret?: { readonly secretName: string }
    }[]
    readonly securityContext?: Readonly<Record<string, unknown>>
  }
}
interface Workload extends Resource {
  readonly spec: {
    readonly replicas?: number
    readonly selector: LabelSelector
    readonly template: PodTemplate
    readonly serviceName?: string
    readonly persistentVolumeClaimRetentionPolicy?: Labels
    readonly volumeClaimTemplates?: readonly {
      readonly metadata: { readonly name: string }
      readonly spec: { readonly resources: { readonly requests: Labels } }
    }[]
  }
}
interface ServicePort {
  readonly name?: string
  readonly port: number
  readonly targetPort?: string | number
}
interface Service extends Resource {
  readonly spec: {
    readonly clusterIP?: string
    readonly selector?: Labels
    readonly ports: readonly ServicePort[]
  }
}
interface Hpa extends Resource {
  readonly spec: {
    readonly scaleTargetRef: {
      readonly apiVersion?: string
      readonly kind: string
      readonly name: string
    }
    readonly minReplicas?: number
    readonly maxReplicas: number
    readonly metrics?: readonly {
      readonly type: string
      readonly resource?: { readonly name: string }
    }[]
    readonly behavior?: {
      readonly scaleDown?: { readonly stabilizationWindowSeconds?: number }
    }
  }
}
interface Pdb extends Resource {
  readonly spec: { readonly selector?: LabelSelector }
}
interface NetworkPolicyPort {
  readonly port?: number | string
  readonly protocol?: string
}
interface NetworkPolicyRule {
  readonly from?: readonly unknown[]
  readonly to?: readonly unknown[]
  readonly ports?: readonly NetworkPolicyPort[]
}
interface NetworkPolicy extends Resource {
  readonly spec: {
    readonly podSelector: LabelSelector
    readonly policyTypes?: readonly string[]
    readonly ingress?: readonly NetworkPolicyRule[]
    readonly egress?: readonly NetworkPolicyRule[]
  }
}
interface Ingress extends Resource {
  readonly spec: {
    readonly tls?: readonly { readonly hosts?: readonly string[]; readonly secretName?: string }[]
    readonly rules: readonly {
      readonly host?: string
      readonly http: {
        readonly paths: readonly {
          readonly path: string
          readonly pathType: string
          readonly backend: {
            readonly service: {
              readonly name: string
              readonly port: { readonly name?: string; readonly number?: number }
            }
          }
        }[]
      }
    }[]
  }
}
interface ServiceMonitor extends Resource {
  readonly spec: {
    readonly selector: LabelSelector
    readonly endpoints: readonly { readonly port?: string; readonly path?: string }[]
  }
}
interface DataResource extends Resource {
  readonly data?: Labels
}
interface Validation {
  readonly version: string
  readonly status: 'valid' | 'invalid' | 'no-schema'
  readonly message?: string
  readonly path?: string
}

/** One rendered kustomization. */
interface Build {
  /** The kustomization's path under deploy/k8s (or a name for a combination made here). */
  readonly name: string
  /** Its `namespace:`, if it sets one. */
  readonly namespace: string | undefined
  readonly resources: readonly Resource[]
  readonly validations: readonly (readonly Validation[])[]
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** kustomize build, then kubernetes-validate: the resources and their validations, as JSON. */
function render(dir: string): { resources: Resource[]; validations: Validation[][] } {
  const built = run(KUSTOMIZE!, ['build', dir])
  if (built.status !== 0) throw new Error(`kustomize build ${dir} failed:\n${built.stderr}`)
  return validate(built.stdout)
}

/** kubernetes-validate on YAML (or JSON) documents. */
function validate(yaml: string): { resources: Resource[]; validations: Validation[][] } {
  const args = [join(ROOT, 'deploy/tools/k8s-validate.py')]
  for (const version of KUBERNETES_VERSIONS) args.push('-k', version)
  const checked = run(PYTHON!, args, { input: yaml })
  if (checked.status !== 0) throw new Error(`k8s-validate.py failed:\n${checked.stderr}`)
  const out = JSON.parse(checked.stdout) as {
    resources: { resource: Resource; results: Validation[] }[]
  }
  return {
    resources: out.resources.map(({ resource }) => resource),
    validations: out.resources.map(({ results }) => results),
  }
}

/** Validates resources given as objects (one JSON document each). */
const validateResources = (resources: readonly unknown[]) =>
  validate(resources.map((resource) => JSON.stringify(resource)).join('\n---\n')).validations

/** The `namespace:` of a kustomization file. */
const namespaceOf = (kustomization: string) => /^namespace:\s*(\S+)\s*$/m.exec(kustomization)?.[1]

// ---------------------------------------------------------------------------------------------
// Reading a build

const clone = <T>(value: T): T => structuredClone(value)
const id = (resource: Resource) => `${resource.kind}/${resource.metadata.name}`
const ofKind = <T extends Resource>(build: Build, kind: string) =>
  build.resources.filter((resource) => resource.kind === kind) as unknown as T[]

/** The bridge's workload: the one apps/v1 Deployment or StatefulSet `switchboard`. */
function workloadOf(build: Build): Workload {
  const workloads = build.resources.filter(
    (r) => r.apiVersion === 'apps/v1' && (r.kind === 'Deployment' || r.kind === 'StatefulSet')
  )
  if (workloads.length !== 1 || workloads[0]!.metadata.name !== 'switchboard')
    throw new Error(
      `${build.name}: expected one workload switchboard, got ${workloads.map(id).join(', ')}`
    )
  return workloads[0] as Workload
}

const containerOf = (workload: Workload) => {
  const container = workload.spec.template.spec.containers.find((c) => c.name === 'switchboard')
  if (!container) throw new Error('no container switchboard')
  return container
}

/** The container's environment: its ConfigMaps (envFrom) from the build, then its `env`. */
function environmentOf(build: Build): Record<string, string> {
  const container = containerOf(workloadOf(build))
  const env: Record<string, string> = {}
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name
    const map = ofKind<DataResource>(build, 'ConfigMap').find((c) => c.metadata.name === name)
    if (!map) throw new Error(`${build.name}: envFrom names ConfigMap ${name}, not in the build`)
    Object.assign(env, map.data)
  }
  for (const variable of container.env ?? []) env[variable.name] = variable.value ?? ''
  return env
}

/** Every variable the bridge reads (as test/deploy-kit.test.ts has it). */
const KNOWN_VARIABLES = new Set([
  ...configVariables(adapters),
  'LOG_LEVEL',
  ...[...read('docs/telemetry.md').matchAll(/\bOTEL_[A-Z0-9_]*[A-Z0-9]\b/g)].map(([name]) => name),
])
/** The secret variables of the vendors' default accounts: given only as `_FILE`. */
const SECRET_VARIABLES = adapters.flatMap((adapter) =>
  adapter.settings.variables
    .filter((variable) => variable.secret === true && !variable.name.includes('<'))
    .map((variable) => variable.name)
)
const loadWithFiles = (env: Record<string, string>): Config =>
  loadConfig(env, adapters, () => 'placeholder-secret\n')

function selects(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  if (!selector) return false
  const have = labels ?? {}
  const matchLabels = Object.entries(selector.matchLabels ?? {})
  const expressions = selector.matchExpressions ?? []
  if (matchLabels.length === 0 && expressions.length === 0) return true
  return (
    matchLabels.every(([key, value]) => have[key] === value) &&
    expressions.every(({ key, operator, values = [] }) => {
      const value = have[key]
      if (operator === 'In') return value !== undefined && values.includes(value)
      if (operator === 'NotIn') return value === undefined || !values.includes(value)
      if (operator === 'Exists') return value !== undefined
      return value === undefined
    })
  )
}

/** The container port a Service's or NetworkPolicy's port (a name or a number) refers to. */
function containerPortFor(container: Container, port: string | number | undefined) {
  return (container.ports ?? []).find((p) =>
    typeof port === 'number' ? p.containerPort === port : p.name === port
  )
}

/** The container port number a Service port reaches (targetPort: a name, a number, or the port). */
function servicePortTarget(container: Container, port: ServicePort): number | undefined {
  return containerPortFor(container, port.targetPort ?? port.port)?.containerPort
}

/** A Kubernetes quantity (`2Gi`, `512Mi`, `1G`, `1024`) in bytes. */
function bytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)([KMGT]i?|k)?$/.exec(quantity)
  if (!match) throw new Error(`not a quantity: ${quantity}`)
  const unit = match[2] ?? ''
  const powers: Record<string, number> = { k: 1, K: 1, M: 2, G: 3, T: 4 }
  const power = powers[unit.charAt(0)] ?? 0
  return Number(match[1]) * (unit.endsWith('i') ? 1024 : 1000) ** power
}

/** An nginx size (`1m`, `512k`, `1048576`) in bytes. */
function nginxBytes(size: string): number {
  const match = /^(\d+)([kKmMgG]?)$/.exec(size)
  if (!match) throw new Error(`not an nginx size: ${size}`)
  const power = { '': 0, k: 1, m: 2, g: 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g']
  return Number(match[1]) * 1024 ** power
}

/** The TCP ports of `host:port` brokers and of an http(s) URL. */
const brokerPorts = (brokers: string) =>
  brokers
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '')
    .map((broker) => Number(broker.slice(broker.lastIndexOf(':') + 1)))
const urlPort = (url: string) => {
  const parsed = new URL(url)
  return parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port)
}

// ---------------------------------------------------------------------------------------------
// The checks: each returns what is wrong with a build (nothing when all is well), so the negative
// controls below can show that each one fails on a broken build.

function schemaProblems(build: Build): string[] {
  return build.resources.flatMap((resource, i) => {
    const results = build.validations[i] ?? []
    if (CUSTOM_RESOURCES.has(`${resource.apiVersion} ${resource.kind}`)) {
      // No schema: at least the identity a controller needs.
      return results.every((r) => r.status === 'no-schema') && resource.metadata.name !== ''
        ? []
        : [`${id(resource)}: custom resource not as expected: ${JSON.stringify(results)}`]
    }
    if (results.length !== KUBERNETES_VERSIONS.length)
      return [`${id(resource)}: validated ${results.length} times`]
    return results
      .filter((r) => r.status !== 'valid')
      .map(
        (r) =>
          `${id(resource)} (Kubernetes ${r.version}): ${r.status}: ${r.message ?? ''}` +
          (r.path ? ` at ${r.path}` : '')
      )
  })
}

function hpaProblems(build: Build): string[] {
  const workload = workloadOf(build)
  const hpas = ofKind<Hpa>(build, 'HorizontalPodAutoscaler')
  if (hpas.length !== 1) return [`${hpas.length} HorizontalPodAutoscalers`]
  const { spec } = hpas[0]!
  const problems: string[] = []
  const target = spec.scaleTargetRef
  if (
    target.apiVersion !== workload.apiVersion ||
    target.kind !== workload.kind ||
    target.name !== workload.metadata.name
  )
    problems.push(`the HPA scales ${target.kind}/${target.name}, the build deploys ${id(workload)}`)
  if (workload.spec.replicas !== undefined)
    problems.push(`${id(workload)} sets replicas, which the HPA owns`)
  if ((spec.minReplicas ?? 1) < 2) problems.push('minReplicas below 2')
  if (spec.maxReplicas <= (spec.minReplicas ?? 1)) problems.push('maxReplicas not above min')
  if (!spec.metrics?.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu'))
    problems.push('no CPU metric')
  if ((spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? 0) < 300)
    problems.push('scales down within 5 minutes')
  return problems
}

function selectorProblems(build: Build): string[] {
  const workload = workloadOf(build)
  const pods = workload.spec.template.metadata.labels
  const problems: string[] = []
  if (!selects(workload.spec.selector, pods)) problems.push(`${id(workload)}'s own selector`)
  const pdbs = ofKind<Pdb>(build, 'PodDisruptionBudget')
  if (pdbs.length !== 1) problems.push(`${pdbs.length} PodDisruptionBudgets`)
  for (const pdb of pdbs)
    if (!selects(pdb.spec.selector, pods)) problems.push(`${id(pdb)} does not select the pods`)
  for (const service of ofKind<Service>(build, 'Service'))
    if (!service.spec.selector || !selects({ matchLabels: service.spec.selector }, pods))
      problems.push(`${id(service)} does not select the pods`)
  for (const policy of ofKind<NetworkPolicy>(build, 'NetworkPolicy'))
    if (!selects(policy.spec.podSelector, pods)) problems.push(`${id(policy)} misses the pods`)
  return problems
}

function networkPolicyProblems(build: Build): string[] {
  const policies = ofKind<NetworkPolicy>(build, 'NetworkPolicy')
  if (policies.length !== 1) return [`${policies.length} NetworkPolicies`]
  const { spec } = policies[0]!
  const container = containerOf(workloadOf(build))
  const env = environmentOf(build)
  const problems: string[] = []
  if (!['Ingress', 'Egress'].every((type) => spec.policyTypes?.includes(type)))
    problems.push('not both Ingress and Egress')
  /** The rules that let `port` (a container port number) through. */
  const admitting = (rules: readonly NetworkPolicyRule[], port: number, protocol = 'TCP') =>
    rules.filter(
      (rule) =>
        rule.ports === undefined ||
        rule.ports.some(
          (p) =>
            (p.protocol ?? 'TCP') === protocol &&
            (p.port === undefined ||
              p.port === port ||
              containerPortFor(container, p.port)?.containerPort === port)
        )
    )
  for (const name of ['webhook', 'admin']) {
    const port = containerPortFor(container, name)?.containerPort
    if (port === undefined) {
      problems.push(`the container declares no port ${name}`)
      continue
    }
    const rules = admitting(spec.ingress ?? [], port)
    if (rules.length === 0) problems.push(`ingress to ${name} (${port}) is not allowed`)
    // The admin listener is for Prometheus only: every rule admitting it names its sources.
    if (name === 'admin' && rules.some((rule) => (rule.from ?? []).length === 0))
      problems.push(`the admin port ${port} is open to every source`)
  }
  const egress = spec.egress ?? []
  if (admitting(egress, 53, 'UDP').length === 0) problems.push('DNS (UDP 53) is not allowed out')
  for (const port of new Set(brokerPorts(env['KAFKA_BROKERS'] ?? '')))
    if (admitting(egress, port).length === 0) problems.push(`Kafka port ${port} is not allowed out`)
  const otlp = env['OTEL_EXPORTER_OTLP_ENDPOINT']
  if (env['OTEL_TRACES_EXPORTER'] !== 'none' && otlp) {
    const port = urlPort(otlp)
    if (admitting(egress, port).length === 0) problems.push(`OTLP port ${port} is not allowed out`)
  }
  return problems
}

function environmentProblems(build: Build): string[] {
  const workload = workloadOf(build)
  const container = containerOf(workload)
  const env = environmentOf(build)
  const problems: string[] = []
  const unknown = Object.keys(env).filter((name) => !KNOWN_VARIABLES.has(name))
  if (unknown.length > 0) problems.push(`variables the bridge does not read: ${unknown.join(', ')}`)
  try {
    const config = loadWithFiles(env)
    if (config.admin.host !== '0.0.0.0') problems.push('ADMIN_HOST is not 0.0.0.0')
    if (!config.kafka.brokers?.length) problems.push('no KAFKA_BROKERS')
  } catch (error) {
    problems.push(`the bridge refuses its environment: ${String(error)}`)
  }
  // Secrets only as files, never as values.
  for (const name of SECRET_VARIABLES)
    if (!(`${name}_FILE` in env)) problems.push(`${name}_FILE is not set`)
  const inline = Object.keys(env).filter((name) => /SECRETS$|KEYS$|PASSWORD$/.test(name))
  if (inline.length > 0) problems.push(`secrets given as values: ${inline.join(', ')}`)
  // Every *_FILE is a key of a Secret mounted read-only where it points.
  for (const [name, path] of Object.entries(env).filter(([n]) => n.endsWith('_FILE'))) {
    const mount = container.volumeMounts?.find((m) => m.mountPath === posix.dirname(path))
    const volume = workload.spec.template.spec.volumes?.find((v) => v.name === mount?.name)
    if (!mount || !volume?.secret) {
      problems.push(`${name}=${path}: no Secret volume is mounted at ${posix.dirname(path)}`)
      continue
    }
    if (mount.readOnly !== true) problems.push(`${name}: ${mount.mountPath} is writable`)
    const secret = ofKind<DataResource>(build, 'Secret').find(
      (s) => s.metadata.name === volume.secret?.secretName
    )
    // A Secret created outside the build (a managed Kafka's password) is checked by name below.
    if (secret && !(posix.basename(path) in (secret.data ?? {})))
      problems.push(`${name}: Secret ${secret.metadata.name} has no key ${posix.basename(path)}`)
  }
  return problems
}

/** Resources that have no namespace. */
const CLUSTER_SCOPED = new Set(['Namespace'])

function namespaceProblems(build: Build): string[] {
  const namespaces = ofKind<Resource>(build, 'Namespace').map((n) => n.metadata.name)
  const problems: string[] = []
  if (build.namespace === undefined) {
    if (namespaces.length > 0) problems.push(`a Namespace without a kustomize namespace`)
  } else if (namespaces.length !== 1 || namespaces[0] !== build.namespace) {
    problems.push(
      `Namespaces ${JSON.stringify(namespaces)}, kustomize namespace ${build.namespace}`
    )
  }
  for (const resource of build.resources) {
    if (CLUSTER_SCOPED.has(resource.kind)) continue
    if (resource.metadata.namespace !== build.namespace)
      problems.push(`${id(resource)} is in namespace ${resource.metadata.namespace ?? '(none)'}`)
  }
  return problems
}

function spoolProblems(build: Build): string[] {
  const workload = workloadOf(build)
  const config = loadWithFiles(environmentOf(build))
  if (workload.kind === 'Deployment')
    return config.spool ? ['SPOOL_DIR set on a Deployment: the spool needs a volume per pod'] : []
  const problems: string[] = []
  if (!config.spool) return ['a StatefulSet without SPOOL_DIR']
  const container = containerOf(workload)
  const mount = container.volumeMounts?.find((m) => m.mountPath === config.spool?.dir)
  const claim = workload.spec.volumeClaimTemplates?.find((t) => t.metadata.name === mount?.name)
  if (!mount || !claim) {
    problems.push(`no volumeClaimTemplate is mounted at SPOOL_DIR ${config.spool.dir}`)
  } else {
    const size = bytes(claim.spec.resources.requests['storage'] ?? '0')
    if (config.spool.maxBytes >= size)
      problems.push(`SPOOL_MAX_BYTES ${config.spool.maxBytes} is not below the volume (${size})`)
  }
  const governing = ofKind<Service>(build, 'Service').find(
    (s) => s.metadata.name === workload.spec.serviceName
  )
  if (governing?.spec.clusterIP !== 'None')
    problems.push(`serviceName ${workload.spec.serviceName ?? '(none)'} is no headless Service`)
  if (workload.spec.persistentVolumeClaimRetentionPolicy?.['whenScaled'] !== 'Retain')
    problems.push('a scale-down would delete a volume that may hold spooled webhooks')
  return problems
}

function ingressProblems(build: Build): string[] {
  const container = containerOf(workloadOf(build))
  const config = loadWithFiles(environmentOf(build))
  const problems: string[] = []
  for (const ingress of ofKind<Ingress>(build, 'Ingress')) {
    const limit = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size']
    if (limit === undefined || nginxBytes(limit) !== config.http.bodyLimitBytes)
      problems.push(
        `proxy-body-size ${limit} is not BODY_LIMIT_BYTES ${config.http.bodyLimitBytes}`
      )
    const tlsHosts = (ingress.spec.tls ?? []).flatMap((tls) =>
      tls.secretName ? (tls.hosts ?? []) : []
    )
    for (const rule of ingress.spec.rules) {
      if (rule.host === undefined || !tlsHosts.includes(rule.host))
        problems.push(`host ${rule.host ?? '(any)'} is not covered by TLS with a Secret`)
      for (const { path, backend } of rule.http.paths) {
        if (!path.startsWith('/webhooks/')) problems.push(`path ${path} is not under /webhooks/`)
        const service = ofKind<Service>(build, 'Service').find(
          (s) => s.metadata.name === backend.service.name
        )
        const port = service?.spec.ports.find((p) =>
          backend.service.port.name === undefined
            ? p.port === backend.service.port.number
            : p.name === backend.service.port.name
        )
        if (!port || servicePortTarget(container, port) !== config.http.port)
          problems.push(`path ${path} does not reach the webhook port ${config.http.port}`)
      }
    }
  }
  return problems
}

function serviceMonitorProblems(build: Build): string[] {
  const workload = workloadOf(build)
  const container = containerOf(workload)
  const config = loadWithFiles(environmentOf(build))
  const annotations = workload.spec.template.metadata.annotations ?? {}
  const problems: string[] = []
  for (const monitor of ofKind<ServiceMonitor>(build, 'ServiceMonitor')) {
    const services = ofKind<Service>(build, 'Service').filter(
      (s) =>
        s.metadata.namespace === monitor.metadata.namespace &&
        selects(monitor.spec.selector, s.metadata.labels)
    )
    if (services.length === 0) problems.push(`${id(monitor)} selects no Service of the build`)
    for (const endpoint of monitor.spec.endpoints) {
      for (const service of services) {
        const port = service.spec.ports.find((p) => p.name === endpoint.port)
        if (!port || servicePortTarget(container, port) !== config.admin.port)
          problems.push(`${id(service)} port ${endpoint.port} is not the admin port`)
      }
      if (endpoint.path !== '/metrics' || annotations['prometheus.io/path'] !== endpoint.path)
        problems.push(`${id(monitor)} scrapes ${endpoint.path}, the pods serve /metrics`)
    }
    // One scrape only: annotation-following scrape configs are told to leave the pods alone.
    if (annotations['prometheus.io/scrape'] !== 'false')
      problems.push('the pods are scraped by annotation and by the ServiceMonitor')
  }
  return problems
}

const CHECKS = {
  'every resource validates against the Kubernetes schemas (custom resources: structure)':
    schemaProblems,
  'the HPA scales the workload this build deploys, which leaves it the replica count': hpaProblems,
  'the workload, PDB, Services and NetworkPolicy select the pods': selectorProblems,
  'the NetworkPolicy admits the pod ports and lets out DNS, Kafka and OTLP': networkPolicyProblems,
  'the environment is one the bridge accepts, secrets as files of mounted Secrets':
    environmentProblems,
  'the Namespace is the kustomize namespace, and every resource is in it': namespaceProblems,
  'the spool has a volume per pod, mounted at SPOOL_DIR (StatefulSet only)': spoolProblems,
  'the Ingress routes /webhooks/ only, to the webhook port, over TLS, at BODY_LIMIT_BYTES':
    ingressProblems,
  'the ServiceMonitor scrapes /metrics on the admin port through a Service of the build':
    serviceMonitorProblems,
} satisfies Record<string, (build: Build) => string[]>

// ---------------------------------------------------------------------------------------------

const K8S = join(ROOT, 'deploy/k8s')
const OVERLAYS = readdirSync(join(K8S, 'overlays')).sort()
const COMPONENTS = readdirSync(join(K8S, 'components')).sort()
/** What is built: base, overlays, each component on the base, and combinations made here. */
const BUILD_NAMES = [
  'base',
  ...OVERLAYS.map((overlay) => `overlays/${overlay}`),
  ...COMPONENTS.map((component) => `base + components/${component}`),
  'overlays/managed-kafka with KAFKA_SSL_CA_FILE',
  'overlays/spool + components/service-monitor',
]

describe.skipIf(k8sSkip.length > 0)(
  'the Kubernetes manifests (kustomize, kubernetes-validate)',
  () => {
    const builds = new Map<string, Build>()
    let work = ''

    beforeAll(() => {
      // A copy of deploy/k8s, with placeholders for the git-ignored secret files (a developer's
      // real ones are not copied) and the combinations this test makes.
      work = mkdtempSync(join(tmpdir(), 'switchboard-k8s-'))
      const k8s = join(work, 'k8s')
      cpSync(K8S, k8s, {
        recursive: true,
        filter: (source) => !/\/secrets\/(?!README\.md$)[^/]+$/.test(source),
      })
      const targets: Record<string, string> = { base: 'base' }
      for (const overlay of OVERLAYS) {
        const dir = join(k8s, 'overlays', overlay)
        const text = readFileSync(join(dir, 'kustomization.yaml'), 'utf8')
        for (const [, file] of text.matchAll(/[=\s-](secrets\/[\w.-]+)\s*$/gm)) {
          mkdirSync(dirname(join(dir, file!)), { recursive: true })
          writeFileSync(join(dir, file!), 'placeholder-secret\n')
        }
        targets[`overlays/${overlay}`] = `overlays/${overlay}`
      }
      const made = (name: string, dir: string, kustomization: string) => {
        mkdirSync(join(k8s, dir), { recursive: true })
        writeFileSync(join(k8s, dir, 'kustomization.yaml'), kustomization)
        targets[name] = dir
      }
      for (const component of COMPONENTS)
        made(
          `base + components/${component}`,
          `made/${component}`,
          `resources:\n  - ../../base\ncomponents:\n  - ../../components/${component}\n`
        )
      // The optional CA of the managed-kafka overlay, uncommented.
      const managed = readFileSync(join(k8s, 'overlays/managed-kafka/kustomization.yaml'), 'utf8')
      const withCa = managed.replace('# - KAFKA_SSL_CA_FILE=', '- KAFKA_SSL_CA_FILE=')
      expect(withCa).not.toBe(managed)
      cpSync(join(k8s, 'overlays/managed-kafka'), join(k8s, 'overlays/managed-kafka-ca'), {
        recursive: true,
      })
      made('overlays/managed-kafka with KAFKA_SSL_CA_FILE', 'overlays/managed-kafka-ca', withCa)
      const spoolNamespace = namespaceOf(
        readFileSync(join(k8s, 'overlays/spool/kustomization.yaml'), 'utf8')
      )
      made(
        'overlays/spool + components/service-monitor',
        'made/spool-service-monitor',
        `namespace: ${spoolNamespace}\nresources:\n  - ../../overlays/spool\n` +
          `components:\n  - ../../components/service-monitor\n`
      )
      for (const [name, dir] of Object.entries(targets)) {
        const { resources, validations } = render(join(k8s, dir))
        const kustomization = readFileSync(join(k8s, dir, 'kustomization.yaml'), 'utf8')
        builds.set(name, { name, namespace: namespaceOf(kustomization), resources, validations })
      }
      const version = run(KUSTOMIZE!, ['version']).stdout.trim()
      console.info(
        `deploy-manifests: kustomize ${version} (${KUSTOMIZE}), ${PYTHON} with kubernetes-validate; ` +
          `Kubernetes ${KUBERNETES_VERSIONS.join(', ')}; ${builds.size} builds`
      )
    }, 120_000)
    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true })
    })

    const build = (name: string) => {
      const found = builds.get(name)
      if (!found) throw new Error(`no build ${name}`)
      return found
    }

    it('builds the base, every overlay and every component', () => {
      expect([...builds.keys()].sort()).toEqual([...BUILD_NAMES].sort())
      expect(OVERLAYS).toEqual(expect.arrayContaining(['example', 'spool', 'managed-kafka']))
      expect(COMPONENTS).toEqual(expect.arrayContaining(['ingress', 'service-monitor', 'spool']))
      for (const { name, resources } of builds.values())
        expect(resources.length, name).toBeGreaterThan(5)
    })

    describe.each(Object.entries(CHECKS))('%s', (_title, check) => {
      it.each(BUILD_NAMES)('in %s', (name) => {
        expect(check(build(name))).toEqual([])
      })
    })

    it('base: a Deployment, an HPA, a NetworkPolicy; no namespace, Ingress or ServiceMonitor', () => {
      const base = build('base')
      expect(workloadOf(base).kind).toBe('Deployment')
      const kinds = base.resources.map((r) => r.kind)
      expect(kinds).toEqual(
        expect.arrayContaining(['ConfigMap', 'Service', 'PodDisruptionBudget', 'NetworkPolicy'])
      )
      expect(kinds).toContain('HorizontalPodAutoscaler')
      for (const kind of ['Namespace', 'Ingress', 'ServiceMonitor', 'StatefulSet'])
        expect(kinds).not.toContain(kind)
      // The webhook Service stays without the admin port.
      const service = ofKind<Service>(base, 'Service')[0]!
      expect(service.spec.ports.map((p) => p.name)).toEqual(['webhook'])
    })

    it('example: its namespace exists (enforcing the restricted Pod Security Standard)', () => {
      const example = build('overlays/example')
      expect(example.namespace).toBe('switchboard')
      const namespace = ofKind<Resource>(example, 'Namespace')[0]!
      expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted')
      expect(ofKind<Ingress>(example, 'Ingress')).toHaveLength(1)
      // The Deployment mounts the generated (hash-suffixed) Secret, whose keys the *_FILE name.
      const volume = workloadOf(example).spec.template.spec.volumes?.find((v) => v.secret)
      expect(volume?.secret?.secretName).toMatch(/^switchboard-secrets-[a-z0-9]+$/)
    })

    it('spool: a StatefulSet with the Deployment’s pod (probes, security, resources) plus the spool', () => {
      const spool = build('overlays/spool')
      const statefulSet = workloadOf(spool)
      expect(statefulSet.kind).toBe('StatefulSet')
      expect(spool.resources.filter((r) => r.kind === 'Deployment')).toEqual([])
      const env = environmentOf(spool)
      expect(env['SPOOL_DIR']).toBe('/var/spool/switchboard')
      // Take the spool's additions away: what is left is the example's Deployment's pod.
      interface Editable {
        spec: {
          containers: { env: { name: string }[]; volumeMounts: { name: string }[] }[]
          securityContext: Record<string, unknown>
        }
      }
      const pod = clone(statefulSet.spec.template) as unknown as Editable
      const container = pod.spec.containers[0]!
      container.env = container.env.filter((e) => !e.name.startsWith('SPOOL_'))
      container.volumeMounts = container.volumeMounts.filter((m) => m.name !== 'spool')
      delete pod.spec.securityContext['fsGroupChangePolicy']
      expect(pod).toEqual(workloadOf(build('overlays/example')).spec.template)
    })

    it('managed-kafka: SASL_SSL with SCRAM-SHA-512, the password a file of the Secret switchboard-kafka', () => {
      for (const name of [
        'overlays/managed-kafka',
        'overlays/managed-kafka with KAFKA_SSL_CA_FILE',
      ]) {
        const managed = build(name)
        const env = environmentOf(managed)
        const config = loadWithFiles(env)
        expect(config.kafka.sasl?.mechanism).toBe('scram-sha-512')
        expect(config.kafka.ssl).toBeDefined()
        expect(env['KAFKA_SSL']).toBe('true')
        expect(env).not.toHaveProperty('KAFKA_SASL_PASSWORD')
        const workload = workloadOf(managed)
        const files = [env['KAFKA_SASL_PASSWORD_FILE'], env['KAFKA_SSL_CA_FILE']].filter(
          (file) => file !== undefined
        )
        expect(files).toHaveLength(name.endsWith('FILE') ? 2 : 1)
        for (const file of files) {
          const mount = containerOf(workload).volumeMounts?.find(
            (m) => m.mountPath === posix.dirname(file)
          )
          const volume = workload.spec.template.spec.volumes?.find((v) => v.name === mount?.name)
          expect(volume?.secret?.secretName, file).toBe('switchboard-kafka')
        }
        // Created outside the build: deploy/README.md says how.
        expect(read('deploy/README.md')).toContain('create secret generic switchboard-kafka')
      }
    })

    describe('fail on a broken build (negative controls)', () => {
      // Free-form edits of rendered resources, the way a mistake would make them.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      type Loose = any
      const broken = (name: string, change: (resources: Loose[]) => void): Build => {
        const original = build(name)
        const resources = clone(original.resources) as Loose[]
        change(resources)
        return { ...original, resources: resources as Resource[] }
      }
      const find = (resources: Loose[], kind: string): Loose =>
        resources.find((r: Resource) => r.kind === kind)

      it('the validator refuses an unknown field, a wrong type and an unknown apiVersion', () => {
        const typo = broken('base', (rs) => {
          find(rs, 'Deployment').spec.template.spec.containers[0].livenessProbe.periodSecond = 10
          find(rs, 'HorizontalPodAutoscaler').spec.maxReplicas = 'ten'
          // A core kind with a mistyped apiVersion has no schema: a failure, not a skip.
          find(rs, 'PodDisruptionBudget').apiVersion = 'policy/v2'
        })
        const problems = schemaProblems({ ...typo, validations: validateResources(typo.resources) })
        expect(problems.map((problem) => problem.replace(/: .*/, ''))).toEqual([
          'Deployment/switchboard (Kubernetes 1.31)',
          'Deployment/switchboard (Kubernetes 1.37)',
          'PodDisruptionBudget/switchboard (Kubernetes 1.31.0)',
          'PodDisruptionBudget/switchboard (Kubernetes 1.37.0)',
          'HorizontalPodAutoscaler/switchboard (Kubernetes 1.31)',
          'HorizontalPodAutoscaler/switchboard (Kubernetes 1.37)',
        ])
        expect(problems[0]).toMatch(/'periodSecond' was unexpected/)
        expect(problems[4]).toMatch(/'ten' is not of type 'integer'/)
      })

      it('the HPA aimed at a Deployment while the build deploys a StatefulSet', () => {
        const wrong = broken('overlays/spool', (rs) => {
          find(rs, 'HorizontalPodAutoscaler').spec.scaleTargetRef.kind = 'Deployment'
        })
        expect(hpaProblems(wrong)).toEqual([
          'the HPA scales Deployment/switchboard, the build deploys StatefulSet/switchboard',
        ])
      })

      it('a PDB that selects no pod, a NetworkPolicy closed to Kafka and to the admin port', () => {
        const pdb = broken('overlays/example', (rs) => {
          find(rs, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/name'] = 'x'
        })
        expect(selectorProblems(pdb)).toEqual([
          'PodDisruptionBudget/switchboard does not select the pods',
        ])
        const kafka = broken('overlays/managed-kafka', (rs) => {
          find(rs, 'NetworkPolicy').spec.egress[1].ports[0].port = 9092
        })
        expect(networkPolicyProblems(kafka)).toEqual(['Kafka port 9096 is not allowed out'])
        const admin = broken('base', (rs) => {
          find(rs, 'NetworkPolicy').spec.ingress[1].ports[0].port = 'metrics'
        })
        expect(networkPolicyProblems(admin)).toEqual(['ingress to admin (9091) is not allowed'])
      })

      it('a *_FILE whose Secret is not mounted, a namespace without its Namespace', () => {
        const unmounted = broken('overlays/managed-kafka', (rs) => {
          const container = find(rs, 'Deployment').spec.template.spec.containers[0]
          container.volumeMounts = container.volumeMounts.filter(
            (m: { name: string }) => m.name !== 'kafka'
          )
        })
        expect(environmentProblems(unmounted)).toEqual([
          'KAFKA_SASL_PASSWORD_FILE=/run/secrets/kafka/sasl-password: no Secret volume is mounted at /run/secrets/kafka',
        ])
        const renamed = broken('overlays/example', (rs) => {
          find(rs, 'Namespace').metadata.name = 'other'
        })
        expect(namespaceProblems(renamed)).toEqual([
          'Namespaces ["other"], kustomize namespace switchboard',
        ])
      })

      it('a spool without its volume, an Ingress beyond /webhooks/ or above the body limit', () => {
        const noVolume = broken('overlays/spool', (rs) => {
          find(rs, 'StatefulSet').spec.volumeClaimTemplates = []
        })
        expect(spoolProblems(noVolume)).toEqual([
          'no volumeClaimTemplate is mounted at SPOOL_DIR /var/spool/switchboard',
        ])
        const ingress = broken('overlays/example', (rs) => {
          const found = find(rs, 'Ingress')
          found.spec.rules[0].http.paths[0].path = '/'
          found.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size'] = '10m'
        })
        expect(ingressProblems(ingress)).toEqual([
          'proxy-body-size 10m is not BODY_LIMIT_BYTES 1048576',
          'path / is not under /webhooks/',
        ])
      })

      it('a ServiceMonitor on the webhook port', () => {
        const wrong = broken('base + components/service-monitor', (rs) => {
          find(rs, 'ServiceMonitor').spec.endpoints[0].port = 'webhook'
        })
        expect(serviceMonitorProblems(wrong)).toEqual([
          'Service/switchboard-metrics port webhook is not the admin port',
        ])
      })
    })
  }
)

describe('resource sizes cite the README’s latest measurements', () => {
  const readme = read('README.md')
  const section = (title: string) => {
    const start = readme.indexOf(`\n## ${title}\n`)
    const end = readme.indexOf('\n## ', start + 1)
    expect(start, title).toBeGreaterThan(0)
    return readme.slice(start, end < 0 ? undefined : end)
  }
  const performance = section('Performance')
  const memory = section('Memory')

  it('every figure in the comments of deployment.yaml and hpa.yaml is one the README states', () => {
    const comments = ['deploy/k8s/base/deployment.yaml', 'deploy/k8s/base/hpa.yaml'].flatMap(
      (path) =>
        read(path)
          .split('\n')
          .filter((line) => line.trim().startsWith('#'))
    )
    const figures = [...comments.join('\n').matchAll(/(\d+(?:[.,]\d+)?) (MiB|ms)\b/g)].map(
      ([figure]) => figure
    )
    expect(figures.length).toBeGreaterThan(5)
    const stated = (performance + memory).replaceAll('\n', ' ')
    expect(figures.filter((figure) => !stated.includes(figure))).toEqual([])
  })

  it('the memory request covers the highest peak RSS measured, and the limit is above it', () => {
    const peaks = [
      ...[...memory.matchAll(/peak (\d+) MiB/g)].map(([, mib]) => Number(mib)),
      // The last column of the table's Switchboard rows.
      ...performance
        .split('\n')
        .filter((line) => line.startsWith('| Switchboard'))
        .map((line) => Number(/(\d+) MiB\s*\|\s*$/.exec(line)?.[1])),
    ]
    expect(peaks.length).toBeGreaterThanOrEqual(3)
    expect(peaks.every(Number.isFinite)).toBe(true)
    const deployment = read('deploy/k8s/base/deployment.yaml')
    const request = /requests:\s*\n\s*cpu: \S+\s*\n\s*memory: (\S+)/.exec(deployment)?.[1]
    const limit = /limits:\s*\n\s*cpu: \S+\s*\n\s*memory: (\S+)/.exec(deployment)?.[1]
    expect(bytes(request!)).toBeGreaterThanOrEqual(Math.max(...peaks) * 2 ** 20)
    expect(bytes(limit!)).toBeGreaterThan(bytes(request!))
  })
})

describe('compose.yaml and .env.example', () => {
  const compose = read('compose.yaml')
  const example = read('.env.example')
  /** Variables compose.yaml interpolates: ${NAME}, ${NAME:-default}, ${NAME:?message}, … */
  const interpolated = new Set(
    [...compose.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map(([, name]) => name!)
  )
  /** Variables .env.example documents, set or commented out. */
  const documented = new Set(
    [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map(([, name]) => name!)
  )

  it('.env.example documents every variable compose.yaml reads, and only those', () => {
    expect(interpolated.size).toBeGreaterThan(0)
    expect([...documented].sort()).toEqual([...interpolated].sort())
  })

  it('does not require GRAFANA_ADMIN_PASSWORD', () => {
    expect(compose).not.toMatch(/\$\{GRAFANA_ADMIN_PASSWORD:?\?/)
    expect(compose).toContain('${GRAFANA_ADMIN_PASSWORD:-admin}')
  })

  describe.skipIf(COMPOSE_CONFIG === undefined)(
    'as `docker compose config` loads it (compose-go)',
    () => {
      /** compose-config with only PATH and HOME from this process: no GRAFANA_ADMIN_PASSWORD. */
      const load = (envFile: string) => {
        const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' }
        const result = run(COMPOSE_CONFIG!, ['--env-file', envFile, join(ROOT, 'compose.yaml')], {
          env,
        })
        expect(result.stderr).toBe('')
        expect(result.status).toBe(0)
        return JSON.parse(result.stdout) as {
          services: Record<string, { environment?: Record<string, string | null>; image?: string }>
        }
      }

      it('loads with no variable set at all, Grafana’s password then being `admin`', () => {
        const project = load('/dev/null')
        expect(Object.keys(project.services).sort()).toEqual(
          ['bridge', 'grafana', 'jaeger', 'kafka', 'otel-collector', 'prometheus'].sort()
        )
        expect(project.services['grafana']?.environment?.['GF_SECURITY_ADMIN_PASSWORD']).toBe(
          'admin'
        )
        expect(project.services['bridge']?.image).toBe('switchboard:0.1.0')
      })

      it('loads with .env.example as .env, and the bridge accepts its resolved environment', () => {
        const project = load(join(ROOT, '.env.example'))
        const env = Object.fromEntries(
          Object.entries(project.services['bridge']?.environment ?? {}).map(([k, v]) => [
            k,
            v ?? '',
          ])
        )
        expect(Object.keys(env).filter((name) => !KNOWN_VARIABLES.has(name))).toEqual([])
        expect(loadWithFiles(env).kafka.brokers).toEqual(['kafka:9092'])
      })

      it('refuses a broken file (the loader validates)', () => {
        const dir = mkdtempSync(join(tmpdir(), 'switchboard-compose-'))
        try {
          const file = join(dir, 'compose.yaml')
          writeFileSync(file, compose.replace('stop_grace_period: 25s', 'stop_grace_period: soon'))
          const result = run(COMPOSE_CONFIG!, ['--env-file', '/dev/null', file], {
            env: { PATH: process.env['PATH'] ?? '' },
          })
          expect(result.status).toBe(1)
          expect(result.stderr).toMatch(/stop_grace_period|duration/)
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      })
    }
  )
})
