/** A media type split as RFC 9110 §8.3.1 reads it. */
export interface MediaType {
  /** `type/subtype`, lower-cased: both are case-insensitive (RFC 9110 §8.3.1). */
  readonly essence: string
  /** Parameters by lower-cased name (names are case-insensitive); values unquoted, case kept. */
  readonly parameters: ReadonlyMap<string, string>
}

// RFC 9110 §5.6.2 token characters, §5.6.4 quoted-string, §5.6.6 parameters (OWS ";" OWS name=value).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const ESSENCE = new RegExp(`^\\s*(${TOKEN})/(${TOKEN})\\s*`, 'y')
const PARAMETER = new RegExp(`\\s*;\\s*(?:(${TOKEN})=(${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))?\\s*`, 'y')

/**
 * Parses a `content-type` value such as `application/json; charset=utf-8`. Returns `undefined`
 * when the text is not a media type, so a caller can reject it instead of guessing.
 */
export function parseMediaType(text: string): MediaType | undefined {
  ESSENCE.lastIndex = 0
  const head = ESSENCE.exec(text)
  if (!head) return undefined
  const parameters = new Map<string, string>()
  // Sticky expressions: each match must start where the previous one ended, so nothing is skipped.
  let position = ESSENCE.lastIndex
  while (position < text.length) {
    PARAMETER.lastIndex = position
    const match = PARAMETER.exec(text)
    if (!match) return undefined
    position = PARAMETER.lastIndex
    const [, name, value] = match
    if (name !== undefined && value !== undefined) {
      const unquoted = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value
      parameters.set(name.toLowerCase(), unquoted)
    }
  }
  const [, type = '', subtype = ''] = head
  return { essence: `${type}/${subtype}`.toLowerCase(), parameters }
}

/**
 * Whether `text` is `application/json` up to what RFC 9110 lets differ: case, whitespace and
 * parameters. A `charset` other than UTF-8 changes how the bytes decode, so it does not count
 * (JSON between systems is UTF-8, RFC 8259 §8.1).
 */
export function isJsonMediaType(text: string): boolean {
  const media = parseMediaType(text)
  const charset = media?.parameters.get('charset')
  return media?.essence === 'application/json' && (charset ?? 'utf-8').toLowerCase() === 'utf-8'
}
