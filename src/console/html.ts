/**
 * HTML that is already safe to send: markup this folder wrote, with every interpolated value
 * escaped. Only {@link html} and {@link trusted} make one, so a string from a vendor, a header or
 * a dead-letter body can reach a page only through {@link escapeHtml}.
 */
export class Html {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
  toString(): string {
    return this.text
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** `text` with `& < > " '` as entities: safe in element content and in quoted attributes. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char)

/** What a template may interpolate: text is escaped, `Html` kept, arrays joined, nothing dropped. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[]

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text
  if (value === null || value === undefined || value === false) return ''
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('')
  return escapeHtml(String(value))
}

/**
 * Tagged template for markup: the literal parts are kept, every value is escaped unless it is
 * `Html` already; `null`, `undefined` and `false` render as nothing (for `cond && html\`…\``).
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let text = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) text += render(values[i]) + (strings[i + 1] ?? '')
  return new Html(text)
}

/** Markup written in this folder (a script or style sheet), sent as it is. Never vendor input. */
export const trusted = (text: string): Html => new Html(text)
