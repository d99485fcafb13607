import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Service } from '../../src/service.ts'
import { startTestService } from '../helpers/bridge.ts'
import { listFixtureCases } from '../helpers/fixtures.ts'
import { signFor } from '../helpers/sign.ts'

let service: Service

beforeAll(async () => {
  ;({ service } = await startTestService({ CONSOLE_ENABLED: 'false' }))
})

afterAll(async () => {
  await service.stop()
})

describe('CONSOLE_ENABLED=false', () => {
  it('serves no console on the admin listener, while webhooks, health and readiness go on', async () => {
    const fixture = listFixtureCases().find(
      (f) => f.vendor === 'helpcrunch' && f.name === 'chat.new'
    )!
    const res = await fetch(`${service.url}/webhooks/helpcrunch`, {
      method: 'POST',
      body: fixture.body,
      headers: signFor('helpcrunch', fixture.body),
    })
    expect(res.status).toBe(202)
    for (const path of ['/', '/webhooks', '/api/webhooks', '/api/overview']) {
      const page = await fetch(`${service.adminUrl}${path}`)
      expect(page.status, path).toBe(404)
      expect(await page.json(), path).toMatchObject({ error: { code: 'not_found' } })
    }
    expect((await fetch(`${service.adminUrl}/healthz`)).status).toBe(200)
    expect((await fetch(`${service.adminUrl}/readyz`)).status).toBe(200)
  })
})
