import * as v from 'valibot'
import {
  IntercomConversationSchema,
  type IntercomContactList,
  type IntercomRating,
} from './conversation.ts'
import { intercomEnvelope } from './envelope.ts'
import type { IntercomPartyRef } from './party.ts'
import type { IntercomPart } from './part.ts'
import { IntercomTicketItemSchema } from './ticket.ts'
import { isoOfSeconds } from './values.ts'

/** A contact of a conversation or ticket, as far as the payload names it. */
export interface IntercomThreadContact {
  readonly id: string
  readonly externalId: string | null
  readonly name: string | null
  readonly email: string | null
}

/**
 * A conversation or a ticket (a ticket is a conversation, contract), both payload generations,
 * in one shape: what the mappings read. Vendor values stay raw (`state`, `priority`, `channel`);
 * `map/` turns them canonical.
 */
export interface IntercomThread {
  readonly kind: 'conversation' | 'ticket'
  /** The event time (contract): the newest part's `updated_at`, else the envelope `created_at`. */
  readonly time: string
  readonly id: string
  readonly title: string | null
  /** Conversation `state`, or the ticket state's `category`. */
  readonly state: string | null
  /** A ticket state's workspace label (`internal_label`); `null` for conversations. */
  readonly stateLabel: string | null
  readonly priority: string | null
  /** 2.x `source.type` or a ticket's `channel`; `null` in 1.x. */
  readonly channel: string | null
  /** The assigned admin and team; `null` for nobody (`"0"`, `null`, `nobody_admin`, README §8.3). */
  readonly admin: IntercomPartyRef | null
  readonly team: IntercomPartyRef | null
  readonly contact: IntercomThreadContact | null
  readonly createdAt: string | null
  readonly updatedAt: string | null
  readonly snoozedUntil: string | null
  readonly labels: string[]
  /** 1.x `tags_added`; `null` where the payload has none. */
  readonly tagsAdded: readonly string[] | null
  /** Author of the first message (`conversation_message` / `source`). */
  readonly opener: IntercomPartyRef | null
  /** Every part the payload carries, in payload order (a ticket's whole history). */
  readonly parts: readonly IntercomPart[]
  /** The part that fired the topic: a ticket's `ticket_part`, else a conversation's newest part. */
  readonly trigger: IntercomPart | null
  readonly rating: { readonly value: number; readonly contactId: string | null } | null
}

/** What a topic needs beyond the item: the part it reports, or a rating. */
export type ThreadRequirement = 'none' | 'part' | 'rating'

const isNobody = (id: string | null) => id === null || id === '0'

/** An assignee reference unless it means nobody. */
const assigned = (type: string, id: string | null): IntercomPartyRef | null =>
  isNobody(id) ? null : { type, id, name: null, email: null }

/** `a` is at least as new as `b` (`updated_at`; a part without one loses to one with it). */
export const notOlder = (a: IntercomPart, b: IntercomPart) =>
  (a.updated_at ?? -1) >= (b.updated_at ?? -1)

/** The newest of `parts` by `updated_at`, the later one on a tie; `null` for none. */
function newest(parts: readonly IntercomPart[]): IntercomPart | null {
  let best: IntercomPart | null = null
  for (const part of parts) if (best === null || notOlder(part, best)) best = part
  return best
}

/** Author `type`s that are the contact: 1.x says user or lead, 2.x contact. */
const CONTACT_TYPES = new Set(['user', 'lead', 'contact'])

/**
 * The first contact of a 2.x list with a usable id, named from the first of `refs` (the opener,
 * part authors) that is them: the list itself holds only ids.
 */
function firstContact(
  list: IntercomContactList,
  refs: readonly (IntercomPartyRef | null)[]
): IntercomThreadContact | null {
  const ref = list?.contacts?.find((contact) => contact.id !== null)
  if (!ref?.id) return null
  const named = refs.find(
    (other) =>
      other?.id === ref.id &&
      CONTACT_TYPES.has(other.type ?? '') &&
      (other.name ?? other.email) !== null
  )
  return {
    id: ref.id,
    externalId: ref.external_id,
    name: named?.name ?? null,
    email: named?.email ?? null,
  }
}

/** The authors of `parts`, for naming a contact. */
const authorsOf = (parts: readonly IntercomPart[]) => parts.map((part) => part.author)

/** A `conversation_rating` with a rating in it, else `null` (unrated: `null` or `{}`). */
function ratingOf(rating: IntercomRating | null): IntercomThread['rating'] {
  const value = rating?.rating ?? null
  return value === null ? null : { value, contactId: rating?.contact?.id ?? null }
}

type Conversation = v.InferOutput<typeof IntercomConversationSchema>
type TicketItem = v.InferOutput<typeof IntercomTicketItemSchema>

/** A conversation item (1.x or 2.x) as a thread. */
function conversationThread(item: Conversation, createdAt: string): IntercomThread {
  const parts = item.conversation_parts
  const first = item.source ?? item.conversation_message
  const opener = first?.author ?? null
  const { assignee, user } = item
  const trigger = newest(parts)
  return {
    kind: 'conversation',
    time: isoOfSeconds(trigger?.updated_at ?? null) ?? createdAt,
    id: item.id,
    title: item.title ?? first?.subject ?? null,
    state: item.state,
    stateLabel: null,
    priority: item.priority,
    channel: item.source?.type ?? null,
    // 1.x names the assignee in `assignee`; 2.x by id (an integer), README §7.
    admin:
      assignee?.type === 'admin' && !isNobody(assignee.id)
        ? assignee
        : assigned('admin', item.admin_assignee_id),
    team:
      assignee?.type === 'team' && !isNobody(assignee.id)
        ? assignee
        : assigned('team', item.team_assignee_id),
    contact: user?.id
      ? { id: user.id, externalId: user.user_id, name: user.name, email: user.email }
      : firstContact(item.contacts, [opener, ...authorsOf(parts)]),
    createdAt: item.created_at,
    updatedAt: item.updated_at,
    snoozedUntil: item.snoozed_until,
    labels: item.tags,
    tagsAdded: item.tags_added,
    opener,
    parts,
    trigger,
    rating: ratingOf(item.conversation_rating),
  }
}

/** A ticket item (flat or `ticket_ticket_part`) as a thread. */
function ticketThread({ ticket, part }: TicketItem, createdAt: string): IntercomThread {
  const history = ticket.ticket_parts
  const parts = part ? [...history, part] : history
  const latest = newest(parts)
  return {
    kind: 'ticket',
    time: isoOfSeconds(latest?.updated_at ?? null) ?? createdAt,
    id: ticket.id,
    title: ticket.ticket_attributes?._default_title_ ?? null,
    state: ticket.ticket_state.category,
    stateLabel: ticket.ticket_state.label,
    priority: null,
    channel: ticket.channel,
    admin: assigned('admin', ticket.admin_assignee_id),
    team: assigned('team', ticket.team_assignee_id),
    contact: firstContact(ticket.contacts, authorsOf(parts)),
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    snoozedUntil: ticket.snoozed_until,
    labels: ticket.tags,
    tagsAdded: null,
    opener: null,
    parts,
    // The history's newest part need not be the change that fired the topic (README §8.8).
    trigger: part,
    rating: ratingOf(ticket.conversation_rating),
  }
}

/** Checks `requirement` on a built thread; the message of the issue when it fails. */
function unmet(thread: IntercomThread, requirement: ThreadRequirement): string | null {
  if (requirement === 'part' && (thread.trigger?.id ?? null) === null) {
    return 'Invalid item: no part with an id reports the change'
  }
  if (requirement === 'rating' && thread.rating === null) {
    return 'Invalid item: no conversation_rating.rating'
  }
  return null
}

/** An envelope whose item `build`s into a thread that meets `requirement`. */
const threadPayload = <const TItem extends v.GenericSchema>(
  item: TItem,
  build: (item: v.InferOutput<TItem>, createdAt: string) => IntercomThread,
  requirement: ThreadRequirement
) =>
  v.pipe(
    intercomEnvelope(item),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const thread = build(dataset.value.data.item, dataset.value.created_at)
      const message = unmet(thread, requirement)
      if (message !== null) {
        addIssue({ message })
        return NEVER
      }
      return thread
    })
  )

/** A `conversation.*` / `conversation_part.*` notification read as a thread. */
export const conversationPayload = (requirement: ThreadRequirement = 'none') =>
  threadPayload(IntercomConversationSchema, conversationThread, requirement)

/** A `ticket.*` notification read as a thread (either item shape). */
export const ticketPayload = (requirement: ThreadRequirement = 'none') =>
  threadPayload(IntercomTicketItemSchema, ticketThread, requirement)
