import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { findFreePort } from '../../scripts/kafka/free-port.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters } from '../../adapters/index.ts'
import { runCli } from '../../src/cli/cli.ts'
import type { Service } from '../../src/service.ts'
import { startTestService } from '../helpers/bridge.ts'
import { FIXTURES_DIR } from '../helpers/fixtures.ts'
import { TEST_SECRET } from '../helpers/sign.ts'

/** The `acme` account's own key: only its route accepts what is signed with it. */
const ACME_KEY = randomBytes(24).toString('base64url')

let service: Service

beforeAll(async () => {
  ;({ service } = await startTestService({ HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS: ACME_KEY }))
})

afterAll(async () => {
  await service.stop()
})

/** `switchboard send …` in this process, with the real clock and fetch, against the bridge. */
async function send(args: string[], env: Record<string, string> = {}) {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await runCli(
    ['send', ...args, '--url', service.url],
    {
      stdin: () => Promise.reject(new Error('no stdin')),
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      env,
    },
    adapters
  )
  return { code, stdout, stderr }
}

const bodyFile = (vendor: string, name: string) => join(FIXTURES_DIR, vendor, name, 'body.json')
const answer = (stdout: string[]) => JSON.parse(stdout[1] ?? 'null') as unknown

describe('switchboard send, against a real bridge and broker', () => {
  it('gets a stale Plain fixture accepted (202, exit 0): the signer refreshes its delivery time', async () => {
    const result = await send(
      ['plain', bodyFile('plain', 'thread.thread_created'), `--secret=${TEST_SECRET}`],
      {}
    )
    expect(result.stderr).toEqual([])
    expect(result.stdout[0]).toBe('202 Accepted')
    expect(answer(result.stdout)).toMatchObject({ status: 'accepted' })
    expect(result.code).toBe(0)
  })

  it("posts to a HelpCrunch account's route with that account's key from the environment", async () => {
    const result = await send(
      ['helpcrunch', bodyFile('helpcrunch', 'chat.new'), '--account', 'acme'],
      { HELPCRUNCH_SIGNING_KEYS: TEST_SECRET, HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS: ACME_KEY }
    )
    expect(result.stdout[0]).toBe('202 Accepted')
    expect(answer(result.stdout)).toEqual({
      status: 'accepted',
      ids: [expect.stringMatching(/^helpcrunch:/)],
    })
    expect(result.code).toBe(0)
  })

  it('exits 1 and prints the 401 answer for a wrong secret', async () => {
    const result = await send([
      'helpcrunch',
      bodyFile('helpcrunch', 'chat.new'),
      '--secret',
      'not-the-secret',
    ])
    expect(result.stdout[0]).toBe('401 Unauthorized')
    expect(answer(result.stdout)).toMatchObject({ error: { code: 'signature_invalid' } })
    expect(result.code).toBe(1)
  })

  it('exits 1 with one line when nothing listens at --url', async () => {
    const url = `http://127.0.0.1:${await findFreePort()}`
    const stdout: string[] = []
    const stderr: string[] = []
    const code = await runCli(
      ['send', 'helpcrunch', bodyFile('helpcrunch', 'chat.new'), '--secret', 's', '--url', url],
      {
        stdin: () => Promise.reject(new Error('no stdin')),
        stdout: (l) => stdout.push(l),
        stderr: (l) => stderr.push(l),
      },
      adapters
    )
    expect(code).toBe(1)
    expect(stdout).toEqual([])
    expect(stderr).toEqual([`switchboard: POST ${url}/webhooks/helpcrunch failed: ECONNREFUSED`])
  })
})
