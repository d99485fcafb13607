/**
 * What a data team does: pack the consumer package, install the tarball into a fresh project with
 * kafkajs, and consume real records from the broker with it, once from JavaScript and once from
 * type-checked TypeScript. The records are written exactly as `src/kafka/records.ts` writes them,
 * plus every change docs/contract.md calls additive.
 */
import { execFile, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Partitioners, type Message } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CanonicalEvent } from '../../src/canonical/index.ts'
import { ADDITIVE_CHANGES } from '../../src/consumer/testing/additive-changes.ts'
import { toBinaryMessage, toStructuredMessage } from '../../src/kafka/records.ts'
import { goldenEvents, listFixtureCases } from '../helpers/fixtures.ts'
import { kafkaBrokers, testKafka, uniqueName } from '../helpers/kafka.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'))
const versionOf = (name: string) =>
  (readJson(join(ROOT, 'node_modules', name, 'package.json')) as { version: string }).version

// npm's own variables of an enclosing `npm test` would point the nested npm at this repository.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^npm_(package_|lifecycle_|config_(local_)?prefix|config_global)/i.test(name)
  )
)
const npmCheck = spawnSync('npm', ['--version'], { encoding: 'utf8', env })
const npmMissing =
  npmCheck.status === 0 ? undefined : `npm is not on PATH (${String(npmCheck.error)})`
if (npmMissing !== undefined) {
  // CI must run this test: there, a missing npm fails it instead of skipping it.
  if (process.env['CI']) throw new Error(npmMissing)
  console.warn(`skipping the pack-and-install test: ${npmMissing}`)
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string, extra: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: { ...env, ...extra }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr}${stdout}`))
        else resolve(stdout)
      }
    )
  })
}

/** The JSON lines a consumer script printed. */
const linesOf = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

const JS_CONSUMER = `
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Kafka, logLevel } from 'kafkajs'
import { canonicalEachMessage } from '@switchboard/consumer'
import schema from '@switchboard/consumer/schemas/cloudevent.v1.json' with { type: 'json' }

const { BROKERS, TOPIC, EXPECTED } = process.env
const asyncapi = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@switchboard/consumer/asyncapi.json'), 'utf8')
)
console.log(JSON.stringify({ schema: schema.$id, asyncapi: asyncapi.asyncapi }))

const groupId = TOPIC + '-js'
const consumer = new Kafka({ brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }).consumer({ groupId })
// Defaults only: no onUnknownType, no onInvalidRecord. A throw here would stall the partition.
const each = canonicalEachMessage(async (event) => {
  const region = event.region ?? event.data.conversation?.region ?? null
  console.log(JSON.stringify({ handled: event.type, id: event.id, region }))
}, { groupId })
let finish
const finished = new Promise((resolve) => (finish = resolve))
const timer = setTimeout(finish, 40_000)
await consumer.connect()
await consumer.subscribe({ topic: TOPIC, fromBeginning: true })
await consumer.run({
  eachMessage: async (payload) => {
    await each(payload)
    const { handled, unknownType, invalid } = each.stats
    if (handled + unknownType + invalid >= Number(EXPECTED)) finish()
  },
})
await finished
clearTimeout(timer)
await consumer.disconnect()
console.log(JSON.stringify({ stats: each.stats }))
`

const TS_CONSUMER = `
import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs'
import { canonicalEachMessage, type CanonicalEvent, type RecordError } from '@switchboard/consumer'
import { toCloudEvent } from '@switchboard/consumer/cloudevents'

/** What changed, read through the type that \`type\` narrows to. */
function change(event: CanonicalEvent): string {
  switch (event.type) {
    case 'conversation.labels_changed':
      return 'labels +' + event.data.change.added.join('+') + ' -' + event.data.change.removed.join('-')
    case 'conversation.status_changed':
      return 'status ' + (event.data.change.from ?? 'none') + ' > ' + event.data.change.to
    case 'customer.groups_changed':
      return 'groups +' + event.data.change.added.join('+')
    default:
      return event.type
  }
}
// @ts-expect-error -- \`added\` exists only once \`type\` says which change this is
const unnarrowed = (event: CanonicalEvent): string[] => event.data.change.added
void unnarrowed

const brokers = (process.env['BROKERS'] ?? '').split(',')
const topic = process.env['TOPIC'] ?? ''
const groupId = topic + '-ts'
const consumer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).consumer({ groupId })
const each = canonicalEachMessage(
  async (event) => {
    const cloudEvent = toCloudEvent(event)
    console.log(JSON.stringify({ handled: cloudEvent.type, id: cloudEvent.id, change: change(event) }))
  },
  {
    groupId,
    strict: true,
    onInvalidRecord: async (error: RecordError, { message }: EachMessagePayload) => {
      console.log(JSON.stringify({ rejected: message.offset, code: error.code }))
    },
  }
)
const { promise: finished, resolve: finish } = Promise.withResolvers<void>()
const timer = setTimeout(finish, 40_000)
await consumer.connect()
await consumer.subscribe({ topic, fromBeginning: true })
await consumer.run({
  eachMessage: async (payload) => {
    await each(payload)
    const { handled, unknownType, invalid } = each.stats
    if (handled + unknownType + invalid >= Number(process.env['EXPECTED'])) finish()
  },
})
await finished
clearTimeout(timer)
await consumer.disconnect()
console.log(JSON.stringify({ stats: each.stats }))
`

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2024',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    erasableSyntaxOnly: true,
    verbatimModuleSyntax: true,
    // Our declarations resolve (test/package-exports.test.ts), and TS_CONSUMER's @ts-expect-error
    // fails if the event types ever degrade to `any`; checking all of @types/node triples the time.
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['*.ts'],
}

/** One golden event of every canonical type, as published. */
const oneOfEachType = [
  ...new Map(
    listFixtureCases()
      .flatMap((fixture) => goldenEvents(fixture.vendor, fixture.name))
      .map((event): [string, CanonicalEvent] => [event.type, event])
  ).values(),
]
const changed = goldenEvents('plain', 'thread.thread_labels_changed')[0]!
const records: Message[] = [
  ...oneOfEachType.map(toBinaryMessage),
  ...oneOfEachType.slice(0, 2).map(toStructuredMessage),
  ...ADDITIVE_CHANGES.map((change) => change.record(changed)),
]
const unknownTypes = ADDITIVE_CHANGES.filter((change) => change.kind === 'unknown_type').length
const published = oneOfEachType.length + 2

const work = mkdtempSync(join(tmpdir(), 'consumer-package-'))
const app = join(work, 'app')
const timings: Record<string, number> = {}
let pack: { filename: string; size: number; unpackedSize: number; files: { path: string }[] }
/** `npm ls --all --json`. */
interface Tree {
  readonly version?: string
  readonly missing?: boolean
  readonly dependencies?: Record<string, Tree>
}
let tree: Tree
let readmeOutput: string
let jsOutput: Record<string, unknown>[]
let tsOutput: Record<string, unknown>[]

/** The README's consumer example, verbatim: the first ```ts block of "Consume, with tracing". */
function readmeConsumer(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('### Consume, with tracing'))
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
  if (code === undefined)
    throw new Error('README.md has no ```ts block under "Consume, with tracing"')
  return code
}

/** A status change and a group change, for the topics the README's example reads (their defaults). */
const readmeEvents = [
  goldenEvents('plain', 'thread.thread_status_transitioned')[0]!,
  goldenEvents('plain', 'customer.customer_group_memberships_changed')[0]!,
]

/**
 * Publishes `readmeEvents` to the default topic names, then runs the README's example as
 * `consume.mjs` (it never stops by itself) until it printed a line for each, and stops it.
 */
async function runReadmeConsumer(kafka: ReturnType<typeof testKafka>): Promise<string> {
  const topics = ['switchboard.conversations.v1', 'switchboard.customers.v1']
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ topics: topics.map((topic) => ({ topic })), waitForLeaders: true })
  await admin.disconnect()
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  await producer.connect()
  for (const [index, event] of readmeEvents.entries()) {
    await producer.send({ topic: topics[index]!, acks: -1, messages: [toBinaryMessage(event)] })
  }
  await producer.disconnect()
  writeFileSync(join(app, 'consume.mjs'), readmeConsumer())
  const child = spawn(process.env['CONSUMER_NODE'] ?? process.execPath, ['consume.mjs'], {
    cwd: app,
    env: { ...env, KAFKA_BROKERS: kafkaBrokers().join(',') },
  })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`the README's consumer printed, in 60 s:\n${output}`))
    }, 60_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (readmeEvents.every((event) => output.includes(event.subject))) {
        clearTimeout(timer)
        child.kill()
        resolve(output)
      }
    })
  })
}

/** Runs `step` and notes how long it took, for the log. */
async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now()
  try {
    return await step()
  } finally {
    timings[name] = Math.round(performance.now() - start)
  }
}

describe.skipIf(npmMissing !== undefined)('the packed consumer package, installed', () => {
  beforeAll(async () => {
    const npm = (args: string[]) => run('npm', [...args, '--no-audit', '--no-fund'], work)
    await timed('build', () =>
      run(process.execPath, ['src/consumer/package/build.ts', '--out', join(work, 'package')], ROOT)
    )
    const packed = await timed('npm pack', () =>
      npm(['pack', join(work, 'package'), '--pack-destination', work, '--json'])
    )
    pack = (JSON.parse(packed) as (typeof pack)[])[0]!
    mkdirSync(app)
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'consumer-smoke', private: true, type: 'module' })
    )
    // What a consumer installs: the tarball and kafkajs, refusing packages whose engines disagree.
    await timed('npm install (package + kafkajs)', () =>
      npm([
        'install',
        '--prefix',
        app,
        '--prefer-offline',
        '--engine-strict',
        join(work, pack.filename),
        'kafkajs@2',
      ])
    )
    tree = JSON.parse(await npm(['ls', '--prefix', app, '--all', '--json'])) as Tree
    console.log(
      `consumer install:\n${await npm(['ls', '--prefix', app, '--all'])}${spawnSync('du', ['-sh', join(app, 'node_modules')], { encoding: 'utf8' }).stdout}`
    )
    // What the TypeScript consumer needs on top: the repository's TypeScript and Node types, and
    // the optional cloudevents peer.
    await timed('npm install -D (typescript, @types/node, cloudevents)', () =>
      npm([
        'install',
        '--prefix',
        app,
        '--prefer-offline',
        '--save-dev',
        `typescript@${versionOf('typescript')}`,
        `@types/node@${versionOf('@types/node').split('.')[0]!}`,
        `cloudevents@${versionOf('cloudevents')}`,
      ])
    )
    writeFileSync(join(app, 'consumer.js'), JS_CONSUMER)
    writeFileSync(join(app, 'consumer-strict.ts'), TS_CONSUMER)
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG))
    await timed('tsc --noEmit', () =>
      run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app)
    )

    const topic = uniqueName('consumer-package')
    const kafka = testKafka('consumer-package')
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })
    await admin.disconnect()
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
    await producer.connect()
    await producer.send({ topic, acks: -1, messages: records })
    await producer.disconnect()

    const consumerEnv = {
      BROKERS: kafkaBrokers().join(','),
      TOPIC: topic,
      EXPECTED: String(records.length),
    }
    const [js, ts] = await timed('both consumers', () =>
      Promise.all([
        // CONSUMER_NODE=/path/to/node runs the JavaScript consumer on another Node (e.g. 20, the
        // package's oldest); the TypeScript one needs this Node's type stripping.
        run(process.env['CONSUMER_NODE'] ?? process.execPath, ['consumer.js'], app, consumerEnv),
        run(process.execPath, ['consumer-strict.ts'], app, consumerEnv),
      ])
    )
    jsOutput = linesOf(js)
    tsOutput = linesOf(ts)
    readmeOutput = await timed("the README's consumer", () => runReadmeConsumer(kafka))
    console.log('pack-and-install timings (ms):', timings)
  }, 180_000)

  afterAll(() => {
    rmSync(work, { recursive: true, force: true })
  })

  it('packs the built helper, its types and the schemas, and nothing else', () => {
    const paths = pack.files.map((file) => file.path)
    expect(pack.filename).toBe('switchboard-consumer-1.0.0.tgz')
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'lib/consumer/index.js',
        'lib/consumer/index.d.ts',
        'lib/consumer/cloudevents.js',
        'schemas/asyncapi.json',
        'schemas/cloudevent.v1.json',
      ])
    )
    expect(
      paths.filter(
        (path) =>
          !/^(package\.json|README\.md|contract\.md|lib\/.+\.(js|d\.ts|js\.map)|schemas\/.+\.json)$/.test(
            path
          )
      )
    ).toEqual([])
    expect(paths.some((path) => /test|testing|package\/build/.test(path))).toBe(false)
  })

  it('installs with --engine-strict and brings only valibot, kafkajs and @opentelemetry/api', () => {
    const names = new Set<string>()
    // `npm ls --json` lists unmet optional peers (cloudevents, valibot's typescript) as `missing`.
    const walk = (node: Tree) => {
      for (const [name, child] of Object.entries(node.dependencies ?? {})) {
        if (child.missing === true || child.version === undefined) continue
        names.add(name)
        walk(child)
      }
    }
    walk(tree)
    expect([...names].sort()).toEqual([
      '@opentelemetry/api',
      '@switchboard/consumer',
      'kafkajs',
      'valibot',
    ])
  })

  it('consumes real records from JavaScript with the defaults, every additive change included, without throwing', () => {
    expect(jsOutput[0]).toEqual({
      schema: 'urn:switchboard:schema:cloudevent:1',
      asyncapi: '3.0.0',
    })
    const handled = jsOutput.filter((line) => 'handled' in line)
    expect(handled.map((line) => line['handled'])).toEqual([
      ...oneOfEachType.map((event) => event.type),
      ...oneOfEachType.slice(0, 2).map((event) => event.type),
      ...ADDITIVE_CHANGES.filter((c) => c.kind === 'canonical').map(() => changed.type),
    ])
    // New members and attributes reach the handler untouched.
    expect(handled.filter((line) => line['region'] === 'eu-west')).toHaveLength(4)
    expect(jsOutput.at(-1)).toEqual({
      stats: { handled: records.length - unknownTypes, unknownType: unknownTypes, invalid: 0 },
    })
  })

  it('consumes from type-checked TypeScript in strict mode, which rejects every additive change', () => {
    const handled = tsOutput.filter((line) => 'handled' in line)
    expect(handled.map((line) => line['handled'])).toEqual([
      ...oneOfEachType.map((event) => event.type),
      ...oneOfEachType.slice(0, 2).map((event) => event.type),
    ])
    const labels = handled.find((line) => line['handled'] === changed.type)
    expect(labels?.['change']).toMatch(/^labels \+/)
    expect(tsOutput.filter((line) => 'rejected' in line)).toEqual(
      ADDITIVE_CHANGES.map((_, index) => ({
        rejected: String(published + index),
        code: 'record_invalid',
      }))
    )
    expect(tsOutput.at(-1)).toEqual({
      stats: { handled: published, unknownType: 0, invalid: ADDITIVE_CHANGES.length },
    })
  })

  it("runs the README's consumer example as written: it prints each event's change", () => {
    const [status, groups] = readmeEvents
    if (status?.type !== 'conversation.status_changed') throw new Error('not a status change')
    if (groups?.type !== 'customer.groups_changed') throw new Error('not a groups change')
    expect(readmeOutput).toContain(`${status.subject} is now ${status.data.change.to}`)
    expect(readmeOutput).toContain(
      `${groups.subject} joined ${groups.data.change.added.join(', ')}`
    )
  })
})
