import { describe, expect, it } from 'vitest'
import { changeOf, mapOne, read, rejection, withItem } from '../test-support.ts'

describe('intercom contacts', () => {
  it.each([
    { name: 'contact.user.created', type: 'customer.created', fields: [] },
    { name: 'contact.deleted', type: 'customer.deleted', fields: [] },
    { name: 'contact.user.updated', type: 'customer.updated', fields: [] },
    { name: 'contact.email.updated', type: 'customer.updated', fields: ['email'] },
    { name: 'contact.lead.added_email', type: 'customer.updated', fields: ['email'] },
    { name: 'contact.lead.tag.created', type: 'customer.updated', fields: [] },
    { name: 'contact.unsubscribed', type: 'customer.updated', fields: ['subscribed'] },
    { name: 'contact.archived', type: 'customer.updated', fields: [] },
    { name: 'contact.merged', type: 'customer.updated', fields: [] },
  ])('maps $name to $type naming $fields', ({ name, type, fields }) => {
    const event = mapOne(read(name))
    expect(event.type).toBe(type)
    expect(changeOf(event)).toEqual({ fields })
  })

  it('names the customer intercom:<app_id>:<contact id>, with the app external_id', () => {
    const event = mapOne(read('contact.user.created'))
    expect(event.subject).toBe('intercom:abc123def:6961d4041c1e12de4c5499cc')
    expect(event.data.customer).toMatchObject({
      vendorId: '6961d4041c1e12de4c5499cc',
      externalId: '24',
      email: 'user@example.com',
    })
  })

  it('reads the contact of a wrapper item at item.contact', () => {
    expect(mapOne(read('contact.lead.tag.created')).subject).toBe(
      'intercom:abc123def:6961d897719c606240178da8'
    )
    expect(mapOne(read('contact.unsubscribed')).data.customer?.subscribed).toBe(false)
  })

  it('takes the time from the envelope and normalises ISO contact times to UTC milliseconds', () => {
    const event = mapOne(read('contact.user.created'))
    expect(event.time).toBe('2026-01-10T04:22:28.000Z')
    expect(event.data.customer).toMatchObject({
      createdAt: '2026-01-10T04:22:28.240Z',
      updatedAt: '2026-01-10T04:22:28.238Z',
    })
  })

  it.each([
    { value: false, subscribed: true },
    { value: true, subscribed: false },
    { value: 'yes', subscribed: null },
  ])('reads unsubscribed_from_emails $value as subscribed $subscribed', ({ value, subscribed }) => {
    const body = withItem(
      'contact.user.updated',
      (item) => (item['unsubscribed_from_emails'] = value)
    )
    expect(mapOne(body).data.customer?.subscribed).toBe(subscribed)
  })

  it('says subscribed true for contact.subscribed whatever the flag', () => {
    const body = withItem('contact.subscribed', (item) => {
      ;(item['contact'] as Record<string, unknown>)['unsubscribed_from_emails'] = true
    })
    expect(mapOne(body).data.customer?.subscribed).toBe(true)
  })

  it('rejects a contact item without an id as invalid_payload', () => {
    expect(rejection(withItem('contact.deleted', (item) => delete item['id']))).toBe(
      'invalid_payload'
    )
  })
})
