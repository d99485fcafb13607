import { describe, expect, it } from 'vitest'
import { isJsonMediaType, parseMediaType } from './media-type.ts'

describe('parseMediaType', () => {
  it.each([
    ['application/json', 'application/json', {}],
    ['Application/JSON', 'application/json', {}],
    ['application/json; charset=utf-8', 'application/json', { charset: 'utf-8' }],
    ['application/json;CHARSET="UTF-8" ; q=1', 'application/json', { charset: 'UTF-8', q: '1' }],
    [
      'application/cloudevents+json; charset=UTF-8',
      'application/cloudevents+json',
      { charset: 'UTF-8' },
    ],
    ['text/plain; title="a \\"quoted\\"; value"', 'text/plain', { title: 'a "quoted"; value' }],
    ['application/json;', 'application/json', {}],
  ])('reads %j', (text, essence, parameters) => {
    const media = parseMediaType(text)
    expect(media?.essence).toBe(essence)
    expect(Object.fromEntries(media?.parameters ?? [])).toEqual(parameters)
  })

  it.each(['', 'json', 'application/', '/json', 'application/json charset=utf-8', 'a/b; c'])(
    'refuses %j',
    (text) => {
      expect(parseMediaType(text)).toBeUndefined()
    }
  )
})

describe('isJsonMediaType', () => {
  it.each([
    ['application/json', true],
    ['APPLICATION/JSON; Charset=UTF-8', true],
    ['application/json; foo=bar', true],
    ['application/json; charset=iso-8859-1', false],
    ['application/cloudevents+json', false],
    ['text/json', false],
  ])('%j → %s', (text, expected) => {
    expect(isJsonMediaType(text)).toBe(expected)
  })
})
