import type { Kafka } from 'kafkajs'
import type { Registry } from '../adapter/contract.ts'
import { InMemoryPublishedIds, readPublishedIds } from '../cli/published-ids.ts'
import { hasTopic } from '../cli/read-topic.ts'
import { replayDeadLetter, SKIPPED, type ReplayOutcome } from '../cli/replay.ts'
import type { Config } from '../config/config.ts'
import type { Logger } from '../log.ts'
import type { DeadLetterReader } from './dead-letter-reader.ts'
import { replayPublisher } from '../cli/replay-publisher.ts'

/** What replaying one selected position did: `replay --json`'s line, or `not-found`. */
export type ReplayReport = {
  readonly position: string
  readonly vendor?: string | null
  readonly tenant?: string | null
  readonly eventId?: string | null
} & (ReplayOutcome | { readonly outcome: 'not-found' })

/** One replay request's results, in topic order, and their counts. */
export interface ReplayRun {
  readonly dryRun: boolean
  readonly results: readonly ReplayReport[]
  readonly summary: {
    readonly selected: number
    readonly events: number
    readonly skipped: number
    readonly outcomes: Readonly<Record<string, number>>
  }
}

/** What a replay needs of the bridge: its Kafka client, configuration, registry and topics. */
export interface ReplayDeps {
  readonly kafka: Kafka
  readonly config: Pick<Config, 'kafka' | 'dedup' | 'vendors'>
  readonly registry: Registry
  readonly reader: DeadLetterReader
  /** A throwaway consumer group id for reading the event topics. */
  readonly groupId: () => string
  readonly logger: Logger
}

/**
 * Replays dead letters chosen by position with the code of `switchboard replay`: each through
 * `replayDeadLetter` (today's adapters and secrets, signature only, events not yet on the topics
 * published by an idempotent producer with acks = all via `publishReplayed`), and with
 * `DEDUP_STORE=kafka` a de-dup record per replayed event, so the bridges answer a redelivery
 * `duplicate`. Runs one at a time: two operators replaying the same letter at once would each
 * read the topics before the other published.
 */
export class Replayer {
  readonly #deps: ReplayDeps
  #queue: Promise<unknown> = Promise.resolve()

  constructor(deps: ReplayDeps) {
    this.#deps = deps
  }

  /** Replays (or with `dryRun`, reports what replaying would do to) the dead letters at `positions`. */
  run(positions: readonly string[], dryRun: boolean): Promise<ReplayRun> {
    const run = this.#queue.then(() => this.#run(positions, dryRun))
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #run(positions: readonly string[], dryRun: boolean): Promise<ReplayRun> {
    const { kafka, config, registry, reader, groupId, logger } = this.#deps
    const { topics, contentMode } = config.kafka
    const selected = await reader.select(new Set(positions))
    const published =
      selected.length === 0
        ? new InMemoryPublishedIds()
        : await readPublishedIds(kafka, [topics.conversations, topics.customers], groupId())
    const writer = replayPublisher(kafka, config.dedup.topic, (key, error) => {
      logger.log('warn', 'console replay: de-dup record not written', { key, error: error.message })
    })
    const announcing =
      !dryRun &&
      selected.length > 0 &&
      config.dedup.store === 'kafka' &&
      (await hasTopic(kafka, config.dedup.topic))
    const results: ReplayReport[] = []
    try {
      for (const letter of selected) {
        const outcome = await replayDeadLetter(letter, {
          registry,
          vendors: config.vendors,
          topics,
          contentMode,
          published,
          publish: dryRun ? undefined : writer.publish,
          ...(announcing && { announce: writer.announce }),
          now: new Date(),
        })
        results.push({
          position: letter.position,
          vendor: letter.vendor ?? null,
          tenant: letter.tenant ?? null,
          eventId: letter.eventId ?? null,
          ...outcome,
        })
      }
    } finally {
      await writer.close()
    }
    const found = new Set(selected.map((letter) => letter.position))
    for (const position of positions) {
      if (!found.has(position)) results.push({ position, outcome: 'not-found' })
    }
    return { dryRun, results, summary: summarize(results, selected.length) }
  }
}

/** Counts per outcome, the events published (or that would be), and the letters skipped. */
function summarize(results: readonly ReplayReport[], selected: number): ReplayRun['summary'] {
  const outcomes: Record<string, number> = {}
  let events = 0
  let skipped = 0
  for (const result of results) {
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1
    if (result.outcome === 'published' || result.outcome === 'would-publish') {
      events += result.ids.length
    }
    if (result.outcome === 'not-found' || SKIPPED.has(result.outcome)) skipped++
  }
  return { selected, events, skipped, outcomes }
}
