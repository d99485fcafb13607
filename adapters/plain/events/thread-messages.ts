import * as v from 'valibot'
import {
  conversationDraft,
  defineEvent,
  ownValue,
  type Channel,
  type Message,
  type WebhookMeta,
} from '../../../src/adapter/index.ts'
import { threadToConversation } from '../map/conversation.ts'
import { directionOf, toMessage, type PlainMessageParts } from '../map/message.ts'
import { actorToParty } from '../map/party.ts'
import type { PlainActor } from '../schemas/party.ts'
import { plainEnvelope } from '../schemas/envelope.ts'
import {
  PlainChatSchema,
  PlainDiscordMessageSchema,
  PlainEmailSchema,
  PlainMsTeamsMessageSchema,
  PlainSlackMessageSchema,
} from '../schemas/message.ts'
import { PlainThreadSchema, type PlainThread } from '../schemas/thread.ts'

type Direction = Message['direction']

/** One `conversation.message_added` draft; the message's author is the event's actor. */
const messageAdded = (meta: WebhookMeta, time: string, thread: PlainThread, message: Message) =>
  conversationDraft(
    'conversation.message_added',
    time,
    threadToConversation(meta, thread),
    message.author,
    {
      message,
    }
  )

/**
 * `thread.email_received` / `thread.email_sent`. The author is the entry's creator; for a customer
 * the `from` participant adds the address and display name (for an agent, `from` is the support
 * address, not the agent).
 */
const emailEvent = (direction: Direction) =>
  defineEvent(
    plainEnvelope({ thread: PlainThreadSchema, email: PlainEmailSchema }),
    (body, meta) => {
      const { thread, email } = body.payload
      const author = actorToParty(meta, email.createdBy ?? email.from?.emailActor ?? null)
      const withAddress =
        author?.kind === 'customer'
          ? { ...author, email: email.from?.email ?? null, name: email.from?.name ?? null }
          : author
      const message = parts(email.id, email.textContent ?? email.markdownContent, email)
      return [
        messageAdded(
          meta,
          body.timestamp,
          thread,
          toMessage(meta, message, direction, 'email', withAddress)
        ),
      ]
    }
  )

/** Output every message event's schema has: the event time and the thread. */
type WithThread = v.GenericSchema<unknown, { timestamp: string; payload: { thread: PlainThread } }>

/** A message event whose message object `read` turns into the common parts. */
const messageEvent = <TSchema extends WithThread>(
  schema: TSchema,
  read: (payload: v.InferOutput<TSchema>['payload']) => PlainMessageParts,
  direction: Direction,
  channel: Channel
) =>
  defineEvent(schema, (body, meta) => [
    messageAdded(
      meta,
      body.timestamp,
      body.payload.thread,
      toMessage(meta, read(body.payload), direction, channel)
    ),
  ])

const parts = (
  vendorId: string,
  text: string | null,
  message: { createdAt: string | null; createdBy: PlainActor | null }
): PlainMessageParts => ({
  vendorId,
  text,
  createdAt: message.createdAt,
  createdBy: message.createdBy,
})

const readSlack = (m: v.InferOutput<typeof PlainSlackMessageSchema>) => parts(m.id, m.text, m)
const readDiscord = (m: v.InferOutput<typeof PlainDiscordMessageSchema>) =>
  parts(m.id, m.textContent, m)

const NoteEnvelope = plainEnvelope({ thread: PlainThreadSchema, note: PlainChatSchema })
const ChatEnvelope = plainEnvelope({ thread: PlainThreadSchema, chat: PlainChatSchema })
const SlackEnvelope = plainEnvelope({
  thread: PlainThreadSchema,
  slackMessage: PlainSlackMessageSchema,
})
const DiscordEnvelope = plainEnvelope({
  thread: PlainThreadSchema,
  discordMessage: PlainDiscordMessageSchema,
})
const MsTeamsEnvelope = plainEnvelope({
  thread: PlainThreadSchema,
  msTeamsMessage: PlainMsTeamsMessageSchema,
})

const readNote = (p: v.InferOutput<typeof NoteEnvelope>['payload']) =>
  parts(p.note.id, p.note.text, p.note)
const readChat = (p: v.InferOutput<typeof ChatEnvelope>['payload']) =>
  parts(p.chat.id, p.chat.text, p.chat)
const readSlackPayload = (p: v.InferOutput<typeof SlackEnvelope>['payload']) =>
  readSlack(p.slackMessage)
const readDiscordPayload = (p: v.InferOutput<typeof DiscordEnvelope>['payload']) =>
  readDiscord(p.discordMessage)
const readMsTeams = (p: v.InferOutput<typeof MsTeamsEnvelope>['payload']) =>
  parts(p.msTeamsMessage.timelineEntryId, p.msTeamsMessage.text, p.msTeamsMessage)

/** `thread.email_received` → inbound email message. */
export const emailReceived = emailEvent('inbound')
/** `thread.email_sent` → outbound email message. */
export const emailSent = emailEvent('outbound')
/** `thread.note_created` → internal note (never seen by the customer). */
export const noteCreated = messageEvent(NoteEnvelope, readNote, 'internal', 'note')
/** `thread.chat_received` → inbound chat message. */
export const chatReceived = messageEvent(ChatEnvelope, readChat, 'inbound', 'chat')
/** `thread.chat_sent` → outbound chat message. */
export const chatSent = messageEvent(ChatEnvelope, readChat, 'outbound', 'chat')
/** `thread.slack_message_received` → inbound Slack message. */
export const slackMessageReceived = messageEvent(
  SlackEnvelope,
  readSlackPayload,
  'inbound',
  'slack'
)
/** `thread.slack_message_sent` → outbound Slack message. */
export const slackMessageSent = messageEvent(SlackEnvelope, readSlackPayload, 'outbound', 'slack')
/** `thread.discord_message_received` → inbound Discord message. */
export const discordMessageReceived = messageEvent(
  DiscordEnvelope,
  readDiscordPayload,
  'inbound',
  'discord'
)
/** `thread.discord_message_sent` → outbound Discord message. */
export const discordMessageSent = messageEvent(
  DiscordEnvelope,
  readDiscordPayload,
  'outbound',
  'discord'
)
/** `thread.ms_teams_message_received` → inbound Microsoft Teams message. */
export const msTeamsMessageReceived = messageEvent(
  MsTeamsEnvelope,
  readMsTeams,
  'inbound',
  'ms_teams'
)
/** `thread.ms_teams_message_sent` → outbound Microsoft Teams message. */
export const msTeamsMessageSent = messageEvent(MsTeamsEnvelope, readMsTeams, 'outbound', 'ms_teams')

const SLACK_UPDATES: Readonly<Record<string, 'edited' | 'deleted' | 'reactions_changed'>> = {
  MESSAGE_EDITED: 'edited',
  MESSAGE_DELETED: 'deleted',
  REACTIONS_CHANGED: 'reactions_changed',
}

/**
 * `thread.slack_message_updated` → `conversation.message_updated`. `changeType` is required in
 * 2026-02-27, optional (default UNKNOWN_SLACK_MESSAGE_CHANGE_TYPE) from 2026-03-13, absent before.
 */
export const slackMessageUpdated = defineEvent(
  plainEnvelope({
    thread: PlainThreadSchema,
    slackMessage: PlainSlackMessageSchema,
    changeType: v.nullish(v.string(), null),
  }),
  (body, meta) => {
    const { thread, slackMessage, changeType } = body.payload
    const author = actorToParty(meta, slackMessage.createdBy)
    const message = toMessage(meta, readSlack(slackMessage), directionOf(author), 'slack', author)
    const update = ownValue(SLACK_UPDATES, changeType) ?? 'unknown'
    return [
      conversationDraft(
        'conversation.message_updated',
        body.timestamp,
        threadToConversation(meta, thread),
        author,
        { message, update }
      ),
    ]
  }
)

/** `thread.discord_message_updated` → `conversation.message_updated`: deleted wins over edited. */
export const discordMessageUpdated = defineEvent(DiscordEnvelope, (body, meta) => {
  const { thread, discordMessage } = body.payload
  const author = actorToParty(meta, discordMessage.createdBy)
  const message = toMessage(
    meta,
    readDiscord(discordMessage),
    directionOf(author),
    'discord',
    author
  )
  const update = discordMessage.deletedOnDiscordAt
    ? 'deleted'
    : discordMessage.lastEditedOnDiscordAt
      ? 'edited'
      : 'unknown'
  return [
    conversationDraft(
      'conversation.message_updated',
      body.timestamp,
      threadToConversation(meta, thread),
      author,
      { message, update }
    ),
  ]
})
