import * as v from 'valibot'
import { RequiredTimestampSchema } from './values.ts'

/**
 * `eventData` as sent, or as a JSON string of it: one third-party receiver decodes a string
 * `eventData`, so it is parsed once here. A string that is not JSON becomes a valibot issue
 * (an `invalid_payload`), never a thrown `SyntaxError`.
 */
const DecodedJsonSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const value = dataset.value
    if (typeof value !== 'string') return value
    try {
      return JSON.parse(value) as unknown
    } catch {
      addIssue({ message: 'Invalid eventData: a string that is not JSON' })
      return NEVER
    }
  })
)

/**
 * The envelope every HelpCrunch webhook shares (`event`, `eventData`, `attempts`, `lastAttemptAt`,
 * `createdAt`, `id`), reduced to what a mapping reads: `createdAt` (→ ISO, the event's `time`) and
 * the family's `eventData`. `event` and `id` reach the mapping through `WebhookMeta`; `attempts`
 * and `lastAttemptAt` change per delivery and are deliberately not read. Unknown keys are stripped.
 *
 * @see https://docs.helpcrunch.com/webhooks/chat-webhooks
 */
export const helpCrunchEnvelope = <const TData extends v.GenericSchema>(eventData: TData) =>
  v.object({
    createdAt: RequiredTimestampSchema,
    eventData: v.pipe(DecodedJsonSchema, eventData),
  })
