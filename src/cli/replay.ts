import type { Message, Producer } from 'kafkajs'
import { adapterFor, type Registry, type Verifier } from '../adapter/contract.ts'
import type { VendorConfig } from '../config/config.ts'
import { SignatureError } from '../errors.ts'
import type { ContentMode, TopicRecord, Topics } from '../kafka/records.ts'
import { ownValue } from '../lookup.ts'
import { planDelivery } from '../delivery/plan.ts'
import { vendorHeaders, type StoredDeadLetter } from './dead-letter.ts'
import type { PublishedIds } from './published-ids.ts'

/** What replaying one dead letter did (or, in a dry run, would do). */
export type ReplayOutcome =
  | {
      readonly outcome: 'published' | 'would-publish'
      /** The canonical events published now: those not already on their topics. */
      readonly ids: readonly string[]
    }
  | { readonly outcome: 'already-published'; readonly ids: readonly string[] }
  | { readonly outcome: 'ignored'; readonly reason: string }
  | { readonly outcome: 'still-unmappable'; readonly reason: string; readonly detail: string }
  | { readonly outcome: 'signature-invalid'; readonly reason: string }
  | { readonly outcome: 'unknown-vendor' }

/** The outcomes that leave a dead letter where it was: `replay` then exits 1. */
export const SKIPPED: ReadonlySet<ReplayOutcome['outcome']> = new Set([
  'signature-invalid',
  'still-unmappable',
  'unknown-vendor',
])

/** What replaying needs: today's adapters and secrets, the topics, and where events go. */
export interface ReplayContext {
  readonly registry: Registry
  /** Every vendor's settings per account, read from the environment as the bridge reads them. */
  readonly vendors: readonly VendorConfig[]
  readonly topics: Topics
  readonly contentMode: ContentMode
  readonly published: PublishedIds
  /** Publishes one dead letter's new events; absent in a dry run. */
  readonly publish: ((records: readonly TopicRecord[]) => Promise<void>) | undefined
  /** Records `vendor:tenant:event id` on the de-dup topic (`DEDUP_STORE=kafka`), after the events. */
  readonly announce?: (key: string) => Promise<void>
  readonly now: Date
}

/**
 * Replays one dead letter with today's adapters and today's secrets: the kept signature is checked
 * over the kept body (only the signature: freshness was checked when the webhook arrived, and the
 * record says when), the body goes through the pipeline's one entry (`normalize`), and only the
 * events whose id is not yet published are published, then noted as published.
 */
export async function replayDeadLetter(
  letter: StoredDeadLetter,
  context: ReplayContext
): Promise<ReplayOutcome> {
  const adapter =
    letter.vendor === undefined ? undefined : adapterFor(context.registry, letter.vendor)
  if (!adapter) return { outcome: 'unknown-vendor' }
  // The account whose secrets verify it: the tenant where the route names it, else `default`
  // (a body-tenancy vendor's dead letter names the body's tenant, which is no account).
  const tenant = adapter.tenancy === 'account' ? (letter.tenant ?? 'default') : 'default'
  const verifier = verifierFor(context.vendors, adapter.vendor, tenant)
  if (!verifier) return { outcome: 'signature-invalid', reason: 'no_account' }
  let plan
  try {
    plan = planDelivery(
      {
        adapter,
        tenant,
        body: letter.body,
        headers: vendorHeaders(letter),
        receivedAt: context.now,
      },
      context,
      { verifier: signatureOnly(verifier), now: context.now }
    )
  } catch (error) {
    if (error instanceof SignatureError)
      return { outcome: 'signature-invalid', reason: error.reason }
    throw error
  }
  if (plan.kind === 'dead-letter') {
    return { outcome: 'still-unmappable', reason: plan.failure.reason, detail: plan.failure.detail }
  }
  if (plan.kind === 'ignore') return { outcome: 'ignored', reason: plan.reason }
  // `records[i]` is `events[i]` on its topic: keep the pairs whose event is not published yet.
  const fresh = plan.records.filter(
    (_, index) => !context.published.has(plan.events[index]?.id ?? '')
  )
  const ids = plan.events.map((event) => event.id).filter((id) => !context.published.has(id))
  if (ids.length === 0) {
    return { outcome: 'already-published', ids: plan.events.map((event) => event.id) }
  }
  if (context.publish) {
    await context.publish(fresh)
    // Running bridges learn it from the de-dup topic: a later live redelivery is a duplicate.
    await context.announce?.(plan.key)
  }
  for (const id of ids) context.published.add(id)
  return { outcome: context.publish ? 'published' : 'would-publish', ids }
}

/** The verifier the bridge binds for this vendor's account, from the settings read today. */
function verifierFor(
  vendors: readonly VendorConfig[],
  vendor: string,
  tenant: string
): Verifier | undefined {
  const config = vendors.find((each) => each.adapter.vendor === vendor)
  if (!config) return undefined
  const settings: unknown = ownValue(config.accounts, tenant)
  return settings === undefined ? undefined : config.adapter.createVerifier(settings)
}

/** The signature check alone: `normalize` skips freshness when the verifier has none. */
const signatureOnly = (verifier: Verifier): Verifier => ({
  verifySignature: (request) => {
    verifier.verifySignature(request)
  },
})

/**
 * Publishes one replayed batch: every record in one produce request per topic, through an
 * idempotent producer, acknowledged by all in-sync replicas (acks = -1). Resolves once Kafka
 * acknowledged all of them; throws kafkajs's error otherwise.
 */
export async function publishReplayed(
  producer: Pick<Producer, 'sendBatch'>,
  records: readonly TopicRecord[]
): Promise<void> {
  const byTopic = new Map<string, Message[]>()
  for (const { topic, message } of records) {
    const messages = byTopic.get(topic) ?? []
    messages.push(message)
    byTopic.set(topic, messages)
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
  })
}
