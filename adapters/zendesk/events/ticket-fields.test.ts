import { describe, expect, it } from 'vitest'
import { fixtureBody } from '../../../test/helpers/fixtures.ts'
import { dataOf } from '../test-support.ts'

/** `event.previous` and `event.current` of a fixture body. */
function valuesOf(name: string): { from: unknown; to: unknown } {
  const { event } = fixtureBody('zendesk', name) as {
    event: { previous: unknown; current: unknown }
  }
  return { from: event.previous, to: event.current }
}

describe('zendesk ticket field events', () => {
  it.each([
    ['ticket.subject_changed', 'subject', 'string'],
    ['ticket.description_changed', 'description', 'string'],
    ['ticket.external_id_changed', 'external_id', 'string'],
    ['ticket.type_changed', 'type', 'enum'],
    ['ticket.custom_status_changed', 'custom_status', 'string'],
    ['ticket.group_assignment_changed', 'group_assignment', 'string'],
    ['ticket.brand_changed', 'brand', 'string'],
    ['ticket.form_changed', 'form', 'string'],
    ['ticket.organization_changed', 'organization', 'string'],
    ['ticket.requester_changed', 'requester', 'string'],
  ])('%s → key %s (the type without ticket. and _changed)', (name, key, valueType) => {
    expect(dataOf(name)).toMatchObject({
      change: { key, valueType, vendorValueType: null, ...valuesOf(name) },
    })
  })

  it('keys a custom field by its id and types it from custom_field.type', () => {
    expect(dataOf('ticket.custom_field_changed')).toMatchObject({
      change: {
        key: 'custom_field:21504417760044',
        valueType: 'enum',
        vendorValueType: 'tagger',
        from: 'web',
        to: 'mobile_android',
      },
    })
  })

  it.each([
    ['checkbox', true, 'boolean'],
    ['integer', 42, 'number'],
    ['DATE', '2026-03-01', 'date'],
    ['textarea', 'two\nlines', 'string'],
    ['something_new', 'x', 'unknown'],
  ])('types a %s custom field as %s', (type, value, valueType) => {
    const edits = {
      'event.custom_field.type': type,
      'event.current': value,
      'event.previous': null,
    }
    expect(dataOf('ticket.custom_field_changed', edits)).toMatchObject({
      change: { valueType, vendorValueType: type, from: null, to: value },
    })
  })

  it("joins a multi-select field's list of options by spaces", () => {
    const edits = {
      'event.custom_field.type': 'multiselect',
      'event.current': ['ios', 'android'],
      'event.previous': ['ios'],
    }
    expect(dataOf('ticket.custom_field_changed', edits)).toMatchObject({
      change: { valueType: 'enum', from: 'ios', to: 'ios android' },
    })
  })

  it('keeps a custom field without id or type as key custom_field, type unknown', () => {
    expect(
      dataOf('ticket.custom_field_changed', { 'event.custom_field': undefined })
    ).toMatchObject({
      change: { key: 'custom_field', valueType: 'unknown', vendorValueType: null },
    })
  })
})
