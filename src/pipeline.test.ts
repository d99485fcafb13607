import { describe, expect, it } from 'vitest'
import { helpcrunch } from '../adapters/helpcrunch/index.ts'
import type { PayloadError } from './errors.ts'
import { normalize } from './pipeline.ts'

describe('normalize', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'treats the event type %s as unknown (a payload error), never as a built-in of Object.prototype',
    (eventType) => {
      const body = JSON.stringify({
        event: eventType,
        id: 'e-1',
        createdAt: 1,
        eventData: {},
      })
      expect(() => normalize(helpcrunch, { body, tenant: 'default' })).toThrow(
        expect.objectContaining({
          name: 'PayloadError',
          reason: 'unknown_event_type',
        }) as PayloadError
      )
    }
  )
})
