import { describe, expect, it } from 'vitest'
import { linkCountLimit } from './sdk.ts'

describe('linkCountLimit', () => {
  it('lets a send span link every webhook of a full produce request, unless OTEL_* sets it', () => {
    expect(linkCountLimit({})).toBe(1000)
    expect(linkCountLimit({ PUBLISH_MAX_BATCH_MESSAGES: '5000' })).toBe(5000)
    expect(linkCountLimit({ PUBLISH_MAX_BATCH_MESSAGES: '50' })).toBe(128)
    expect(linkCountLimit({ PUBLISH_MAX_BATCH_MESSAGES: 'lots' })).toBe(1000)
    expect(linkCountLimit({ OTEL_SPAN_LINK_COUNT_LIMIT: '10' })).toBeUndefined()
  })
})
