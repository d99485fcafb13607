/** HelpCrunch's three documented ratings on the canonical 1–3 scale. */
const SCORES: ReadonlyMap<string, 1 | 2 | 3> = new Map([
  ['poor', 1],
  ['average', 2],
  ['great', 3],
])

/**
 * A raw chat rating → canonical score, `null` for anything undocumented (the REST example shows
 * `"perfect"`, which is not on the webhook page's list).
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export const ratingScore = (raw: string): 1 | 2 | 3 | null =>
  SCORES.get(raw.trim().toLowerCase()) ?? null
