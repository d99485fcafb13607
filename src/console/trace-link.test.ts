import { describe, expect, it } from 'vitest'
import { traceLink } from './trace-link.ts'

const ID = '4bf92f3577b34da6a3ce929d0e0e4736'

describe('traceLink', () => {
  it('puts the trace id where the template says', () => {
    expect(traceLink('http://jaeger:16686/trace/{traceId}', ID)).toBe(
      `http://jaeger:16686/trace/${ID}`
    )
  })

  it.each([
    { case: 'no template', template: undefined, id: ID },
    { case: 'a value that is not a trace id', template: 'http://t/{traceId}', id: '"><script>' },
    { case: 'the all-zero id', template: 'http://t/{traceId}', id: '0'.repeat(32) },
  ])('gives no link for $case', ({ template, id }) => {
    expect(traceLink(template, id)).toBeUndefined()
  })
})
