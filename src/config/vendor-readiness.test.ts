import { describe, expect, it } from 'vitest'
import { adapters } from '../../adapters/index.ts'
import { loadConfig } from './config.ts'
import { readinessLine, vendorReadiness } from './vendor-readiness.ts'

describe('vendorReadiness', () => {
  it('lists every route as refusing, with the variables to set, when no secret is configured', () => {
    const readiness = vendorReadiness(loadConfig({}, adapters).vendors)
    expect(readiness.verifying).toEqual([])
    expect(readiness.refusing).toEqual(adapters.map((a) => `/webhooks/${a.vendor}`))
    expect(readiness.variables).toHaveLength(adapters.length)
    expect(readinessLine(readiness)).toMatch(
      /^no webhook route has a signing secret; answered 401 for want of a secret on \/webhooks\/.*\(set [A-Z_, ]+\)$/
    )
  })

  it('names the routes that verify, named accounts included', () => {
    const env = {
      PLAIN_SIGNING_SECRETS: 'plain-secret-never-printed',
      HELPCRUNCH_ACCOUNT_ACME_SIGNING_KEYS: 'acme-key-never-printed',
    }
    const readiness = vendorReadiness(loadConfig(env, adapters).vendors)
    expect(readiness.verifying).toEqual(['/webhooks/plain', '/webhooks/helpcrunch/acme'])
    expect(readiness.refusing).toContain('/webhooks/helpcrunch')
    expect(readiness.variables).not.toContain('PLAIN_SIGNING_SECRETS')
    expect(readiness.variables).toContain('HELPCRUNCH_SIGNING_KEYS')
    expect(readinessLine(readiness)).not.toMatch(/never-printed/)
  })
})
