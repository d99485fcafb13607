import type { Status } from '../../src/canonical/index.ts'

/**
 * Every known spelling, keyed after lower-casing and folding runs of spaces, `-` and `_` into one
 * space. The webhook page, the REST chat model, the inbox UI and the legacy numeric codes each
 * spell the statuses differently (`open`/`opened`, `on-hold`/`onhold`/`hold`, `resolved`).
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 * @see https://docs.helpcrunch.com/rest-api-v1/chat-model-v1
 */
const STATUSES: ReadonlyMap<string, Status> = new Map([
  ['new', 'open'],
  ['open', 'open'],
  ['opened', 'open'],
  ['pending', 'pending'],
  ['on hold', 'pending'],
  ['onhold', 'pending'],
  ['hold', 'pending'],
  ['closed', 'closed'],
  ['resolved', 'closed'],
  ['no communication', 'closed'],
  ['empty', 'closed'],
])

/** A raw HelpCrunch chat status → canonical status; `unknown` for anything else, including `null`. */
export function normalizeStatus(raw: string | null): Status {
  if (raw === null) return 'unknown'
  return (
    STATUSES.get(
      raw
        .trim()
        .toLowerCase()
        .replace(/[\s_-]+/g, ' ')
    ) ?? 'unknown'
  )
}
