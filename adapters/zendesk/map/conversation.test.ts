import { describe, expect, it } from 'vitest'
import { zendeskChannel, zendeskPriority, zendeskStatus } from './conversation.ts'

describe('zendesk status', () => {
  it.each([
    ['NEW', 'open'],
    ['OPEN', 'open'],
    ['open', 'open'],
    ['PENDING', 'pending'],
    ['Pending', 'pending'],
    ['HOLD', 'pending'],
    ['SOLVED', 'closed'],
    ['CLOSED', 'closed'],
    ['closed', 'closed'],
    ['DELETED', 'unknown'],
    ['ARCHIVED', 'unknown'],
    ['constructor', 'unknown'],
    ['', 'unknown'],
    [null, 'unknown'],
  ] as const)('%j → %s', (raw, status) => {
    expect(zendeskStatus(raw)).toBe(status)
  })
})

describe('zendesk priority', () => {
  it.each([
    ['LOW', 'low'],
    ['NORMAL', 'normal'],
    ['HIGH', 'high'],
    ['URGENT', 'urgent'],
    ['urgent', 'urgent'],
    ['CRITICAL', null],
    ['toString', null],
    [null, null],
  ] as const)('%j → %j', (raw, priority) => {
    expect(zendeskPriority(raw)).toBe(priority)
  })
})

describe('zendesk channel', () => {
  it.each([
    ['email', 'email'],
    ['mail', 'email'],
    ['native_messaging', 'chat'],
    ['chat', 'chat'],
    ['web_service', 'api'],
    ['api', 'api'],
    ['web', 'other'],
    ['voice', 'other'],
    [null, null],
  ] as const)('%j → %j', (raw, channel) => {
    expect(zendeskChannel(raw)).toBe(channel)
  })
})
