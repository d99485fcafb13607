import { describe, expect, it } from 'vitest'
import { helpcrunchRatingScore, helpcrunchStatus } from './conversation.ts'

describe('helpcrunchStatus', () => {
  it.each([
    // Chat webhooks page
    ['new', 'open'],
    ['open', 'open'],
    ['pending', 'pending'],
    ['on-hold', 'pending'],
    ['closed', 'closed'],
    ['no communication', 'closed'],
    ['empty', 'closed'],
    // REST chat model, inbox UI, legacy codes and the `chat.status_updated` description
    ['opened', 'open'],
    ['Opened', 'open'],
    ['onhold', 'pending'],
    ['On-Hold', 'pending'],
    ['on_hold', 'pending'],
    ['on hold', 'pending'],
    ['hold', 'pending'],
    ['resolved', 'closed'],
    ['no_communication', 'closed'],
    ['No-Communication', 'closed'],
    ['  CLOSED ', 'closed'],
    ['NEW', 'open'],
  ] as const)('maps %j to %s', (raw, status) => {
    expect(helpcrunchStatus(raw)).toBe(status)
  })

  it.each(['rejected', 'snoozed', 'archived', 'on--hold--x', 'open!', '', '2'])(
    'maps the unknown spelling %j to unknown',
    (raw) => {
      expect(helpcrunchStatus(raw)).toBe('unknown')
    }
  )

  it('maps an absent status to unknown', () => {
    expect(helpcrunchStatus(null)).toBe('unknown')
  })
})

describe('helpcrunchRatingScore', () => {
  it.each([
    ['poor', 1],
    ['average', 2],
    ['great', 3],
    ['Great', 3],
    [' POOR ', 1],
    ['perfect', null],
    ['', null],
    ['5', null],
  ] as const)('scores %j as %s', (raw, score) => {
    expect(helpcrunchRatingScore(raw)).toBe(score)
  })
})
