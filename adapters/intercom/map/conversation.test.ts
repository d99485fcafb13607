import { describe, expect, it } from 'vitest'
import type { IntercomThread } from '../schemas/thread.ts'
import {
  intercomChannel,
  intercomPriority,
  intercomRatingScore,
  intercomStatus,
} from './conversation.ts'

const thread = (kind: IntercomThread['kind'], state: string | null) =>
  ({ kind, state }) as IntercomThread

describe('intercom status', () => {
  it.each([
    { state: 'open', status: 'open' },
    { state: 'snoozed', status: 'snoozed' },
    { state: 'closed', status: 'closed' },
    { state: 'resolved', status: 'unknown' },
    { state: 'Open', status: 'unknown' },
    { state: 'constructor', status: 'unknown' },
    { state: null, status: 'unknown' },
  ])('reads conversation state $state as $status', ({ state, status }) => {
    expect(intercomStatus(thread('conversation', state))).toBe(status)
  })

  it.each([
    { category: 'submitted', status: 'open' },
    { category: 'in_progress', status: 'open' },
    { category: 'waiting_on_customer', status: 'pending' },
    { category: 'resolved', status: 'closed' },
    { category: 'closed', status: 'unknown' },
    { category: 'on_hold', status: 'unknown' },
    { category: null, status: 'unknown' },
  ])('reads ticket state category $category as $status', ({ category, status }) => {
    expect(intercomStatus(thread('ticket', category))).toBe(status)
  })
})

describe('intercom priority and channel', () => {
  it.each([
    { raw: 'priority', priority: 'high' },
    { raw: 'not_priority', priority: 'normal' },
    { raw: 'urgent', priority: null },
    { raw: null, priority: null },
  ])('reads priority $raw as $priority', ({ raw, priority }) => {
    expect(intercomPriority(raw)).toBe(priority)
  })

  it.each([
    { raw: 'conversation', channel: 'chat' },
    { raw: 'messenger', channel: 'chat' },
    { raw: 'email', channel: 'email' },
    { raw: 'whatsapp', channel: 'other' },
    { raw: 'toString', channel: 'other' },
    { raw: null, channel: null },
  ])('reads channel $raw as $channel', ({ raw, channel }) => {
    expect(intercomChannel(raw)).toBe(channel)
  })
})

describe('intercom rating scale', () => {
  it.each([
    { rating: 1, score: 1 },
    { rating: 2, score: 1 },
    { rating: 3, score: 2 },
    { rating: 4, score: 3 },
    { rating: 5, score: 3 },
    { rating: 0, score: null },
    { rating: 6, score: null },
    { rating: 4.5, score: null },
    { rating: -1, score: null },
  ])('puts $rating of 5 at $score of 3', ({ rating, score }) => {
    expect(intercomRatingScore(rating)).toBe(score)
  })
})
