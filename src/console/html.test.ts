import { describe, expect, it } from 'vitest'
import { escapeHtml, html, trusted } from './html.ts'

describe('html', () => {
  it('escapes every interpolated value, kept markup aside', () => {
    const vendorText = `<script>alert("x")</script>&'`
    const out = html`<td title="${vendorText}">${vendorText}${trusted('<b>ok</b>')}</td>`.text
    expect(out).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;<b>ok</b></td>'
    )
  })

  it('joins arrays, nests templates and renders null, undefined and false as nothing', () => {
    const items = ['<a>', 'b']
    // Not tagged `html` here, so that Prettier leaves the literal's spacing alone.
    const markup = html
    const list = markup`<ul>${items.map((item) => markup`<li>${item}</li>`)}</ul>`
    expect(markup`${list}${null}${undefined}${false}${0}`.text).toBe(
      '<ul><li>&lt;a&gt;</li><li>b</li></ul>0'
    )
  })

  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;')
  })
})
