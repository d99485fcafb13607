import { Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEAD_LETTER_HEADERS } from '../src/generate/asyncapi-messages.ts'
import { ASYNCAPI_FILE, DEFAULT_TOPICS } from '../src/generate/asyncapi.ts'
import { CANONICAL_EVENT_TYPES, DATA_SCHEMA_VERSION } from '../src/canonical/index.ts'
import {
  STRUCTURED_CONTENT_TYPE,
  toBinaryMessage,
  toDeadLetterRecord,
  toStructuredMessage,
} from '../src/kafka/records.ts'
import { goldenEvents, listFixtureCases } from './helpers/fixtures.ts'

// ajv-formats ships CommonJS with `exports.default`; under Node's ESM interop the default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

const DOCUMENT = join(import.meta.dirname, '..', 'schemas', ASYNCAPI_FILE)
const events = listFixtureCases().flatMap((fixture) => goldenEvents(fixture.vendor, fixture.name))

// The parser adds `x-parser-*` members to the schemas it dereferences: not strict JSON Schema.
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)
const compiled = new Map<string, ReturnType<typeof ajv.compile>>()
/** Errors of `value` against a schema of the parsed document, compiled once per `name`. */
function errorsOf(name: string, schema: () => unknown, value: unknown): string[] {
  const validate = compiled.get(name) ?? ajv.compile(schema() as object)
  compiled.set(name, validate)
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
}

/** The part of a parsed schema these tests read. */
interface JsonObjectSchema {
  readonly properties?: Record<string, { readonly const?: unknown }>
}

const headersOf = (message: { headers?: object }) =>
  Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]))

let document: AsyncAPIDocumentInterface

beforeAll(async () => {
  // The document holds local references only: the parser resolves everything without a network.
  const { document: parsed, diagnostics } = await new Parser().parse(readFileSync(DOCUMENT, 'utf8'))
  // Errors (severity 0) and warnings (1); the one piece of information only suggests AsyncAPI 3.1.
  const problems = diagnostics.filter((d) => {
    const severity: number = d.severity
    return severity <= 1
  })
  expect(problems.map((d) => `${d.code} ${d.message} at ${d.path.join('/')}`)).toEqual([])
  expect(parsed).toBeDefined()
  document = parsed!
}, 60_000)

describe('schemas/asyncapi.json', () => {
  it('is a valid AsyncAPI 3.0 document of the three topics, all sent by Switchboard', () => {
    expect(document.version()).toBe('3.0.0')
    expect(document.info().version()).toBe(`${DATA_SCHEMA_VERSION}.0.0`)
    expect(
      document
        .channels()
        .all()
        .map((channel) => channel.address())
    ).toEqual(Object.values(DEFAULT_TOPICS))
    expect(
      document
        .operations()
        .all()
        .map((operation) => operation.action())
    ).toEqual(['send', 'send', 'send'])
  })

  it('has one message per event type on its topic, plus the structured-mode alternative', () => {
    const idsOf = (channel: string) =>
      document
        .channels()
        .get(channel)!
        .messages()
        .all()
        .map((message) => message.id())
    const all = [...idsOf('conversations'), ...idsOf('customers')]
    expect(all.filter((id) => !id.endsWith('.structured')).sort()).toEqual(
      [...CANONICAL_EVENT_TYPES].sort()
    )
    expect(idsOf('conversations').every((id) => id.startsWith('conversation'))).toBe(true)
    expect(idsOf('customers').every((id) => id.startsWith('customer'))).toBe(true)
    expect(idsOf('deadletter')).toEqual(['deadletter'])
  })

  it('describes every golden event as the bridge writes it: binary headers, payload and key', () => {
    expect(events.length).toBeGreaterThan(50)
    for (const event of events) {
      const channel = event.type.startsWith('customer.') ? 'customers' : 'conversations'
      const message = document.channels().get(channel)!.messages().get(event.type)!
      const record = toBinaryMessage(event)
      const data: unknown = JSON.parse(String(record.value))
      expect(errorsOf(`${event.type} payload`, () => message.payload()!.json(), data)).toEqual([])
      expect(
        errorsOf(`${event.type} headers`, () => message.headers()!.json(), headersOf(record))
      ).toEqual([])
      const key = () => message.bindings().get('kafka')!.value()['key'] as unknown
      expect(errorsOf(`${event.type} key`, key, record.key)).toEqual([])
      // Every header the bridge writes is described, so none is left for a reader to guess.
      expect(Object.keys(headersOf(record)).sort()).toEqual(
        Object.keys(message.headers()!.json<JsonObjectSchema>().properties ?? {})
          .filter((name) => !name.startsWith('trace'))
          .sort()
      )
    }
  })

  it('describes the structured-mode record of every golden event', () => {
    for (const event of events) {
      const channel = event.type.startsWith('customer.') ? 'customers' : 'conversations'
      const message = document.channels().get(channel)!.messages().get(`${channel}.structured`)!
      const record = toStructuredMessage(event)
      const whole: unknown = JSON.parse(String(record.value))
      expect(errorsOf(`${channel} payload`, () => message.payload()!.json(), whole)).toEqual([])
      expect(
        errorsOf(`${channel} headers`, () => message.headers()!.json(), headersOf(record))
      ).toEqual([])
    }
    const structured = document.components().messages().get('conversations.structured')!
    const headers = structured.headers()!.json<JsonObjectSchema>()
    expect(headers.properties?.['content-type']?.const).toBe(STRUCTURED_CONTENT_TYPE)
  })

  it('describes the dead-letter record and each of its dlq-* headers', () => {
    const { message } = toDeadLetterRecord(
      {
        vendor: 'plain',
        tenant: 'ws_1',
        body: Buffer.from('{"not":"mapped"}'),
        headers: { 'plain-request-signature': 'ab12', 'content-type': 'application/json' },
        reason: 'invalid_payload',
        detail: 'payload.thread: missing',
        receivedAt: new Date('2026-01-01T00:00:00.000Z'),
        eventId: 'pEv_1',
      },
      { conversations: 'c', customers: 'k', deadLetter: 'd' }
    )
    const headers = headersOf(message)
    expect(Object.keys(headers).filter((name) => name.startsWith('dlq-'))).toEqual(
      Object.keys(DEAD_LETTER_HEADERS)
    )
    const deadLetter = document.channels().get('deadletter')!.messages().get('deadletter')!
    expect(errorsOf('dlq headers', () => deadLetter.headers()!.json(), headers)).toEqual([])
    const key = () => deadLetter.bindings().get('kafka')!.value()['key'] as unknown
    expect(errorsOf('dlq key', key, message.key)).toEqual([])
    expect(errorsOf('dlq key', key, null)).toEqual([])
  })
})
