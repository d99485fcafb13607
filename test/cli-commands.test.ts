import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'
import type { Registry } from '../src/adapter/contract.ts'
import { findFreePort } from '../scripts/kafka/free-port.ts'
import { runCli, type CliIo } from '../src/cli/cli.ts'
import { SignatureError } from '../src/errors.ts'
import { acme } from './helpers/acme-vendor.ts'
import { FIXTURES_DIR, listFixtureCases } from './helpers/fixtures.ts'
import { routeOf, testVendorRoutes, verifierOf } from './helpers/vendors.ts'

const SECRET = randomBytes(24).toString('base64url')
const OTHER_SECRET = randomBytes(24).toString('base64url')
const NOW = new Date('2026-11-29T12:00:00.000Z')
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    version: string
  }
).version

interface Run {
  code: number
  stdout: string[]
  stderr: string[]
}

/** The registry's vendors as the usage lines list them. */
const VENDORS = adapters.map((adapter) => adapter.vendor).join('|')

/** Runs the CLI in this process with buffers for io, no environment and a fixed clock. */
async function run(
  argv: string[],
  options: { stdin?: string | Buffer; io?: Partial<CliIo>; registry?: Registry } = {}
): Promise<Run> {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await runCli(
    argv,
    {
      stdin: () => Promise.resolve(Buffer.from(options.stdin ?? '')),
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      env: {},
      now: () => NOW,
      version: PACKAGE_VERSION,
      fetch: () => Promise.reject(new Error('no network in unit tests')),
      ...options.io,
    },
    options.registry ?? adapters
  )
  return { code, stdout, stderr }
}

const bodyFile = (vendor: string, name: string) => join(FIXTURES_DIR, vendor, name, 'body.json')
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'switchboard-cli-')), 'body.json')

/** `name: value` lines back to an object. */
const headersOf = (lines: string[]) =>
  Object.fromEntries(lines.map((line) => line.split(': ') as [string, string]))

/** The bridge's own verifier for `vendor`'s `account`, bound to `env` as the service binds it. */
const verifierFor = (vendor: string, env: Record<string, string>, account = 'default') =>
  verifierOf(routeOf(testVendorRoutes(env), vendor), account)

describe('switchboard sign', () => {
  it('rewrites a Plain body with a fresh delivery time and prints headers that verify with it', async () => {
    const out = tempFile()
    const original = readFileSync(bodyFile('plain', 'thread.thread_created'))
    const result = await run([
      'sign',
      'plain',
      bodyFile('plain', 'thread.thread_created'),
      `--secret=${SECRET}`,
      '--out',
      out,
    ])
    expect(result).toMatchObject({ code: 0, stderr: [] })
    const headers = headersOf(result.stdout)
    expect(Object.keys(headers)).toEqual(['plain-request-signature'])
    const signed = readFileSync(out)
    const parsed = JSON.parse(signed.toString('utf8')) as {
      webhookMetadata: { webhookDeliveryAttemptTimestamp: string }
    }
    expect(parsed.webhookMetadata.webhookDeliveryAttemptTimestamp).toBe(NOW.toISOString())
    // Nothing but the delivery time changed.
    const before = JSON.parse(original.toString('utf8')) as typeof parsed
    expect({
      ...parsed,
      webhookMetadata: { ...parsed.webhookMetadata, webhookDeliveryAttemptTimestamp: '' },
    }).toEqual({
      ...before,
      webhookMetadata: { ...before.webhookMetadata, webhookDeliveryAttemptTimestamp: '' },
    })

    const verifier = verifierFor('plain', { PLAIN_SIGNING_SECRETS: SECRET })
    expect(() => verifier.verifySignature({ body: signed, headers })).not.toThrow()
    expect(() => verifier.checkFreshness?.(parsed, NOW, headers)).not.toThrow()
    // The fixture's own delivery time is years old: the rewrite is what makes it acceptable.
    expect(() => verifier.checkFreshness?.(before, NOW, headers)).toThrow(SignatureError)
    expect(() => verifier.verifySignature({ body: original, headers })).toThrow(SignatureError)
  })

  it('says on stderr that a Plain body was rewritten when --out is not given', async () => {
    const result = await run(['sign', 'plain', '-', `--secret=${SECRET}`], {
      stdin: readFileSync(bodyFile('plain', 'thread.thread_created')),
    })
    expect(result.code).toBe(0)
    expect(result.stderr.join('\n')).toMatch(/rewrites it/)
  })

  it('takes a secret that starts with a dash as --secret=…', async () => {
    // base64url secrets start with "-" one time in 64; as a separate argument node:util's
    // parseArgs reads one as an option, so the usage says to join it with "=".
    const dashed = `-${SECRET}`
    const joined = await run(['sign', 'helpcrunch', '-', `--secret=${dashed}`], { stdin: '{}' })
    expect(joined.code).toBe(0)
    const separate = await run(['sign', 'helpcrunch', '-', '--secret', dashed], { stdin: '{}' })
    expect(separate.code).toBe(2)
    expect(separate.stderr.join('\n')).toMatch(/--secret=-XYZ/)
  })

  it('leaves a HelpCrunch body unchanged and signs it with the secret from the environment', async () => {
    const out = tempFile()
    const original = readFileSync(bodyFile('helpcrunch', 'chat.new'))
    const env = { HELPCRUNCH_SIGNING_KEYS: `${SECRET},${OTHER_SECRET}` }
    const result = await run(
      ['sign', 'helpcrunch', bodyFile('helpcrunch', 'chat.new'), '--out', out],
      {
        io: { env },
      }
    )
    expect(result).toMatchObject({ code: 0, stderr: [] })
    expect(readFileSync(out).equals(original)).toBe(true)
    const headers = headersOf(result.stdout)
    expect(Object.keys(headers)).toEqual(['x-helpcrunch-signature'])
    // Signed with the first secret: the bridge configured with only that one accepts it.
    expect(() =>
      verifierFor('helpcrunch', { HELPCRUNCH_SIGNING_KEYS: SECRET }).verifySignature({
        body: original,
        headers,
      })
    ).not.toThrow()
    expect(() =>
      verifierFor('helpcrunch', { HELPCRUNCH_SIGNING_KEYS: OTHER_SECRET }).verifySignature({
        body: original,
        headers,
      })
    ).toThrow(SignatureError)
  })

  it("takes a named account's secret with --account and prints a JSON object with --json", async () => {
    const env = {
      HELPCRUNCH_SIGNING_KEYS: OTHER_SECRET,
      HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS: SECRET,
    }
    const body = readFileSync(bodyFile('helpcrunch', 'chat.new'))
    const result = await run(['sign', 'helpcrunch', '-', '--account', 'acme', '--json'], {
      stdin: body,
      io: { env },
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toHaveLength(1)
    const headers = JSON.parse(result.stdout[0]!) as Record<string, string>
    expect(() =>
      verifierFor('helpcrunch', env, 'acme').verifySignature({ body, headers })
    ).not.toThrow()
    expect(() => verifierFor('helpcrunch', env).verifySignature({ body, headers })).toThrow(
      SignatureError
    )
  })

  it('never prints the secret', async () => {
    const env = { PLAIN_SIGNING_SECRETS: SECRET }
    const runs = [
      await run(['sign', 'plain', bodyFile('plain', 'thread.thread_created')], { io: { env } }),
      await run(['sign', 'plain', '-'], { io: { env }, stdin: 'not json' }),
      await run(['sign', 'helpcrunch', '-', '--account', 'nope'], {
        io: { env: { HELPCRUNCH_SIGNING_KEYS: SECRET } },
      }),
    ]
    expect(runs.map((each) => each.code)).toEqual([0, 1, 2])
    for (const each of runs)
      expect([...each.stdout, ...each.stderr].join('\n')).not.toContain(SECRET)
  })

  it('exits 1 with one line for a Plain body that is not JSON', async () => {
    const result = await run(['sign', 'plain', '-', `--secret=${SECRET}`], { stdin: '{"id":' })
    expect(result).toMatchObject({ code: 1, stdout: [] })
    expect(result.stderr).toHaveLength(1)
    expect(result.stderr[0]).toMatch(/invalid_json/)
  })

  it.each([
    {
      case: 'no secret anywhere',
      args: ['sign', 'plain', 'x.json'],
      pattern: /PLAIN_SIGNING_SECRETS/,
    },
    {
      case: '--account for a vendor whose body names the tenant',
      args: ['sign', 'plain', 'x.json', '--account', 'a', '--secret', 's'],
      pattern: /--account/,
    },
    {
      case: 'an unknown vendor',
      args: ['sign', 'nobody', 'x.json', '--secret', 's'],
      pattern: /unknown vendor "nobody"/,
    },
    { case: 'no FILE', args: ['sign', 'plain', '--secret', 's'], pattern: /missing FILE/ },
    { case: 'an unknown option', args: ['sign', 'plain', 'x.json', '--nope'], pattern: /--nope/ },
  ])('exits 2 with the usage for $case', async ({ args, pattern }) => {
    const result = await run(args)
    expect(result.code).toBe(2)
    expect(result.stdout).toEqual([])
    expect(result.stderr[0]).toMatch(pattern)
    expect(result.stderr.at(-1)).toMatch(
      new RegExp(`^usage: switchboard sign <${VENDORS.replaceAll('|', '\\|')}>`)
    )
  })

  it('exits 2 for a registered vendor whose adapter declares no signer', async () => {
    const result = await run(['sign', 'acme', '-', '--secret', 's'], { registry: [acme] })
    expect(result.code).toBe(2)
    expect(result.stderr[0]).toMatch(/acme has no signer/)
  })
})

describe('switchboard send (with a fake fetch)', () => {
  /** A Plain sample sent to a fake bridge. */
  const SEND_PLAIN = [
    'send',
    'plain',
    bodyFile('plain', 'thread.thread_created'),
    '--url',
    'http://b.test',
    `--secret=${SECRET}`,
  ]

  const answering = (status: number, body: unknown) => {
    const calls: { url: string; init: RequestInit }[] = []
    const fetch = ((url: string, init: RequestInit) => {
      calls.push({ url, init })
      return Promise.resolve(Response.json(body, { status }))
    }) as typeof globalThis.fetch
    return { calls, fetch }
  }

  it('POSTs the signed body to <url>/webhooks/<vendor>/<account>, prints the answer, exits 0 on 202', async () => {
    const { calls, fetch } = answering(202, { status: 'accepted', ids: ['x'] })
    const env = { HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS: SECRET }
    const file = bodyFile('helpcrunch', 'chat.new')
    const result = await run(
      ['send', 'helpcrunch', file, '--url', 'http://bridge.test:8080/', '--account', 'acme'],
      {
        io: { env, fetch },
      }
    )
    expect(result).toMatchObject({ code: 0, stderr: [] })
    expect(result.stdout).toEqual(['202 Accepted', '{"status":"accepted","ids":["x"]}'])
    expect(calls).toHaveLength(1)
    expect(calls[0]!.url).toBe('http://bridge.test:8080/webhooks/helpcrunch/acme')
    const headers = calls[0]!.init.headers as Record<string, string>
    expect(headers['content-type']).toBe('application/json')
    const body = calls[0]!.init.body as Uint8Array
    expect(() =>
      verifierFor('helpcrunch', env, 'acme').verifySignature({ body, headers })
    ).not.toThrow()
  })

  it.each([
    { env: {}, url: 'http://127.0.0.1:8080/webhooks/helpcrunch' },
    { env: { PORT: '8099' }, url: 'http://127.0.0.1:8099/webhooks/helpcrunch' },
  ])('POSTs to the local bridge at PORT without --url ($url)', async ({ env, url }) => {
    const { calls, fetch } = answering(202, { status: 'accepted', ids: ['x'] })
    const file = bodyFile('helpcrunch', 'chat.new')
    const result = await run(['send', 'helpcrunch', file, `--secret=${SECRET}`], {
      io: { env, fetch },
    })
    expect(result).toMatchObject({ code: 0, stderr: [] })
    expect(calls.map((call) => call.url)).toEqual([url])
  })

  it('exits 1 on a 4xx answer and prints it', async () => {
    const { fetch } = answering(401, { error: { code: 'signature_invalid' } })
    const result = await run(SEND_PLAIN, {
      io: { fetch },
    })
    expect(result.code).toBe(1)
    expect(result.stdout[0]).toBe('401 Unauthorized')
  })

  it('exits 1 with one line on a transport error', async () => {
    const fetch = (() =>
      Promise.reject(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
        })
      )) as typeof globalThis.fetch
    const result = await run(SEND_PLAIN, {
      io: { fetch },
    })
    expect(result).toMatchObject({ code: 1, stdout: [] })
    expect(result.stderr).toEqual([
      'switchboard: POST http://b.test/webhooks/plain failed: ECONNREFUSED',
    ])
  })

  it.each([
    {
      case: 'a --url that is not http(s)',
      args: ['send', 'plain', 'x.json', '--url', 'ftp://x', '--secret', 's'],
      pattern: /not an http/,
    },
    {
      case: 'an unknown vendor',
      args: ['send', 'nope', 'x.json', '--url', 'http://x', '--secret', 's'],
      pattern: /unknown vendor/,
    },
  ])('exits 2 with the usage for $case', async ({ args, pattern }) => {
    const result = await run(args)
    expect(result.code).toBe(2)
    expect(result.stderr[0]).toMatch(pattern)
    expect(result.stderr.at(-1)).toMatch(/^usage: switchboard send/)
  })
})

describe('switchboard validate', () => {
  const goldenEvents = listFixtureCases().flatMap((fixture) => {
    const golden = JSON.parse(readFileSync(join(fixture.dir, 'expected.json'), 'utf8')) as {
      events?: Record<string, unknown>[]
    }
    return golden.events ?? []
  })

  it('accepts every golden event as JSON lines, printing ok <id> for each', async () => {
    expect(goldenEvents.length).toBeGreaterThan(50)
    const result = await run(['validate', '-'], {
      stdin: goldenEvents.map((event) => JSON.stringify(event)).join('\n') + '\n',
    })
    expect(result).toMatchObject({ code: 0, stderr: [] })
    expect(result.stdout).toEqual(goldenEvents.map((event) => `ok ${String(event['id'])}`))
  })

  it('accepts one indented structured-mode event from a FILE', async () => {
    const file = tempFile()
    writeFileSync(file, JSON.stringify(goldenEvents[0], null, 2))
    const result = await run(['validate', file])
    expect(result).toEqual({
      code: 0,
      stdout: [`ok ${String(goldenEvents[0]!['id'])}`],
      stderr: [],
    })
  })

  it('exits 1 naming the invalid path, never its value', async () => {
    const valid = goldenEvents[0]!
    const mutated = { ...valid, time: 'PERSONAL-VALUE-42' }
    const result = await run(['validate', '-'], {
      stdin: `${JSON.stringify(valid)}\n${JSON.stringify(mutated)}\n`,
    })
    expect(result.code).toBe(1)
    expect(result.stdout[0]).toBe(`ok ${String(valid['id'])}`)
    expect(result.stdout.slice(1).length).toBeGreaterThan(0)
    for (const line of result.stdout.slice(1)) expect(line).toMatch(/^invalid line 2: time: /)
    expect(result.stdout.join('\n')).not.toContain('PERSONAL-VALUE-42')
  })

  it('names a nested path in data', async () => {
    const event = goldenEvents.find((each) => typeof each['data'] === 'object')!
    const data = event['data'] as Record<string, unknown>
    const [key] = Object.keys(data)
    const result = await run(['validate', '-'], {
      stdin: JSON.stringify({ ...event, data: { ...data, [key!]: 12345 } }),
    })
    expect(result.code).toBe(1)
    expect(result.stdout.join('\n')).toContain(`invalid event: data.${key!}`)
  })

  it('exits 1 for a line that is not JSON', async () => {
    const result = await run(['validate', '-'], {
      stdin: `${JSON.stringify(goldenEvents[0])}\n{"id":\n`,
    })
    expect(result.code).toBe(1)
    expect(result.stdout[1]).toBe('invalid line 2: not JSON')
  })

  it('exits 2 without FILE', async () => {
    const result = await run(['validate'])
    expect(result.code).toBe(2)
    expect(result.stderr.at(-1)).toBe('usage: switchboard validate FILE|-')
  })
})

describe('switchboard --version and --help', () => {
  it('prints the package.json version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: ['0.1.0'], stderr: [] })
    expect(PACKAGE_VERSION).toBe('0.1.0')
  })

  it("lists every command's usage with the registry's vendors", async () => {
    const result = await run(['--help'])
    expect(result.code).toBe(0)
    const text = result.stdout.join('\n')
    for (const command of [
      'normalize',
      'sign',
      'send',
      'validate',
      'tail',
      'dead-letters list',
      'dead-letters show',
      'replay',
    ]) {
      expect(text).toContain(`switchboard ${command} `)
    }
    expect(text).toContain(`<${VENDORS}>`)
    const other = await run(['--help'], { registry: [acme] })
    expect(other.stdout.join('\n')).toContain('switchboard sign <acme>')
  })

  it.each(['normalize', 'sign', 'send', 'validate'])(
    'prints the usage of %s with --help',
    async (command) => {
      const result = await run([command, '--help'])
      expect(result.code).toBe(0)
      expect(result.stdout).toHaveLength(1)
      expect(result.stdout[0]).toMatch(new RegExp(`^usage: switchboard ${command}`))
    }
  )

  it.each([
    { case: 'no command', args: [] },
    { case: 'an unknown command', args: ['publish'] },
  ])('exits 2 with the usage on stderr for $case', async ({ args }) => {
    const result = await run(args)
    expect(result.code).toBe(2)
    expect(result.stdout).toEqual([])
    expect(result.stderr.join('\n')).toContain('usage: switchboard <command>')
  })
})

describe('switchboard tail, dead-letters and replay: usage', () => {
  it.each(['tail', 'dead-letters', 'replay'])(
    'prints the usage of %s with --help',
    async (command) => {
      const result = await run([command, '--help'])
      expect(result.code).toBe(0)
      expect(result.stdout[0]).toMatch(new RegExp(`^usage: switchboard ${command} `))
    }
  )

  it('states its exit codes in the usage of replay', async () => {
    const text = (await run(['replay', '--help'])).stdout.join('\n')
    expect(text).toMatch(/exit 0 .*published, already published or ignored/)
    expect(text).toMatch(/exit 1 .*signature-invalid, still-unmappable or unknown-vendor/)
    expect(text).toMatch(/exit 2 bad usage/)
  })

  it.each([
    { case: 'tail --max 0', args: ['tail', '--max', '0'], pattern: /--max expects an integer ≥ 1/ },
    { case: 'tail --max abc', args: ['tail', '--max', 'abc'], pattern: /--max expects/ },
    { case: 'tail with an argument', args: ['tail', 'plain'], pattern: /unexpected argument/ },
    { case: 'tail --nope', args: ['tail', '--nope'], pattern: /--nope/ },
    { case: 'dead-letters alone', args: ['dead-letters'], pattern: /missing list or show/ },
    {
      case: 'dead-letters purge',
      args: ['dead-letters', 'purge'],
      pattern: /unknown action "purge"/,
    },
    {
      case: 'show without a position',
      args: ['dead-letters', 'show'],
      pattern: /missing <partition>:<offset>/,
    },
    {
      case: 'show 3',
      args: ['dead-letters', 'show', '3'],
      pattern: /not a <partition>:<offset> position: 3/,
    },
    {
      case: 'show with --vendor',
      args: ['dead-letters', 'show', '0:1', '--vendor', 'plain'],
      pattern: /show takes no --vendor/,
    },
    {
      case: 'list --since yesterday',
      args: ['dead-letters', 'list', '--since', 'yesterday'],
      pattern: /--since is not an ISO 8601 date-time: yesterday/,
    },
    {
      case: 'replay --until 2026-13-45',
      args: ['replay', '--until', '2026-13-45'],
      pattern: /--until is not an ISO 8601/,
    },
    {
      case: 'replay --since after --until',
      args: ['replay', '--since', '2026-02-01', '--until', '2026-01-01'],
      pattern: /--since must be before --until/,
    },
    {
      case: 'replay --reason nope',
      args: ['replay', '--reason', 'nope'],
      pattern: /--reason must be one of invalid_json, not_a_webhook, .*; got "nope"/,
    },
    {
      case: 'dead-letters list --reason invalid-payload',
      args: ['dead-letters', 'list', '--reason', 'invalid-payload'],
      pattern: /--reason must be one of .*invalid_payload.*; got "invalid-payload"/,
    },
    {
      case: 'replay --offsets 1-2',
      args: ['replay', '--offsets', '0:1,1-2'],
      pattern: /not a <partition>:<offset> position: 1-2/,
    },
    {
      case: 'replay with an argument',
      args: ['replay', 'plain'],
      pattern: /unexpected argument "plain"/,
    },
  ])('exits 2 with the reason and the usage for $case', async ({ args, pattern }) => {
    const result = await run(args)
    expect(result.code).toBe(2)
    expect(result.stdout).toEqual([])
    expect(result.stderr[0]).toMatch(pattern)
    expect(result.stderr[1]).toMatch(new RegExp(`^usage: switchboard ${args[0]!} `))
  })

  it.each(['tail', 'dead-letters list', 'dead-letters show 0:1', 'replay'])(
    '%s exits 2 with one line when no brokers are configured and no development broker runs',
    async (command) => {
      // A port nothing listens on, in place of the development broker's 9092.
      const port = await findFreePort()
      const result = await run(command.split(' '), {
        io: { env: { LOCAL_KAFKA_PORT: String(port) } },
      })
      expect(result).toEqual({
        code: 2,
        stdout: [],
        stderr: [
          `switchboard ${command.split(' ')[0]!}: no Kafka brokers: set KAFKA_BROKERS or pass --brokers HOST:PORT (nothing listens on 127.0.0.1:${port}, where npm start runs its development broker)`,
        ],
      })
    }
  )

  it('exits 2 with one line naming the variable when the configuration is invalid', async () => {
    const result = await run(['replay', '--dry-run'], {
      io: {
        env: {
          KAFKA_BROKERS: '127.0.0.1:9',
          KAFKA_CONTENT_MODE: 'xml',
          PLAIN_SIGNING_SECRETS: SECRET,
        },
      },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toHaveLength(1)
    expect(result.stderr[0]).toMatch(
      /^switchboard replay: invalid configuration: KAFKA_CONTENT_MODE/
    )
    expect(result.stderr[0]).not.toContain(SECRET)
  })

  it('exits 2 with one line for a --brokers that is not host:port', async () => {
    const result = await run(['dead-letters', 'list', '--brokers', 'kafka'], {
      io: { env: { KAFKA_BROKERS: '127.0.0.1:9' } },
    })
    expect(result).toEqual({
      code: 2,
      stdout: [],
      stderr: ['switchboard dead-letters: --brokers: expected host:port, got "kafka"'],
    })
  })
})
