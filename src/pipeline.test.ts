import { describe, expect, it } from 'vitest'
import { adapters } from '../adapters/index.ts'
import type { PayloadError } from './errors.ts'
import { normalizeBody } from './pipeline.ts'

describe('normalizeBody', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'treats the event type %s as unknown (a payload error), never as a built-in of Object.prototype',
    (eventType) => {
      const helpcrunch = JSON.stringify({
        event: eventType,
        id: 'e-1',
        createdAt: 1,
        eventData: {},
      })
      expect(() => normalizeBody(adapters.helpcrunch, helpcrunch, { tenant: 'default' })).toThrow(
        expect.objectContaining({
          name: 'PayloadError',
          reason: 'unknown_event_type',
        }) as PayloadError
      )
    }
  )
})
