import { BROKERS_OPTION, BROKERS_USAGE, withKafka } from './cli-kafka.ts'
import {
  column,
  FILTER_OPTIONS,
  FILTER_USAGE,
  matches,
  shorten,
  toFilter,
  toStoredDeadLetter,
  type StoredDeadLetter,
} from './dead-letter.ts'
import { parseCommandArgs, rejectExtraArguments, type CliCommand } from './io.ts'
import { InMemoryPublishedIds, readPublishedIds } from './published-ids.ts'
import { hasTopic, readToEnd } from './read-topic.ts'
import { replayDeadLetter, SKIPPED, type ReplayOutcome } from './replay.ts'
import { replayPublisher } from './replay-publisher.ts'

const USAGE = [
  `usage: switchboard replay ${FILTER_USAGE} [--offsets P:O,…] [--dry-run] [--json] ${BROKERS_USAGE}`,
  '  re-verifies each selected dead letter with the current secrets (signature only, no freshness),',
  '  maps it with the current adapters and publishes the events not yet on the event topics',
  '  exit 0 every selected dead letter published, already published or ignored (or none selected)',
  '  exit 1 any skipped: signature-invalid, still-unmappable or unknown-vendor; or Kafka failed',
  '  exit 2 bad usage, invalid configuration or no brokers',
].join('\n')

/**
 * `switchboard replay`: the dead letters that pass the filters, in topic order, each re-verified,
 * re-mapped and published where its events are not yet published (`replayDeadLetter`); one line
 * per dead letter (position, vendor, vendor event id, outcome), then a summary. `--dry-run`
 * publishes nothing and says what would happen.
 */
export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'replay dead letters that the current adapters and secrets can map',
  usage: () => USAGE,
  async run(args, io, registry) {
    const { values, positionals } = parseCommandArgs(args, {
      ...FILTER_OPTIONS,
      offsets: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      ...BROKERS_OPTION,
    })
    rejectExtraArguments(positionals)
    const filter = toFilter({
      ...values,
      positions: values.offsets?.split(',').filter((each) => each.trim() !== ''),
    })
    const dryRun = values['dry-run'] ?? false
    return withKafka('replay', values.brokers, io, registry, async ({ kafka, config, groupId }) => {
      const { topics, contentMode } = config.kafka
      const selected: StoredDeadLetter[] = []
      await readToEnd(kafka, [topics.deadLetter], groupId('replay'), (record) => {
        const letter = toStoredDeadLetter(record)
        if (matches(letter, filter)) selected.push(letter)
      })
      const published =
        selected.length === 0
          ? new InMemoryPublishedIds()
          : await readPublishedIds(
              kafka,
              [topics.conversations, topics.customers],
              groupId('replay')
            )
      const writer = replayPublisher(kafka, config.dedup.topic, (key, error) => {
        io.stderr(`switchboard replay: ${key}: de-dup record not written (${error.message})`)
      })
      // Bridges with DEDUP_STORE=kafka learn replayed ids from their topic; with no topic yet, no
      // bridge has run to tell.
      let dedupTopic: Promise<boolean> | undefined
      const dedupTopicExists = () => {
        dedupTopic ??=
          config.dedup.store !== 'kafka' || dryRun
            ? Promise.resolve(false)
            : hasTopic(kafka, config.dedup.topic)
        return dedupTopic
      }
      const counts = new Map<ReplayOutcome['outcome'], number>()
      let events = 0
      try {
        for (const letter of selected) {
          const result = await replayDeadLetter(letter, {
            registry,
            vendors: config.vendors,
            topics,
            contentMode,
            published,
            publish: dryRun ? undefined : writer.publish,
            ...((await dedupTopicExists()) && { announce: writer.announce }),
            now: io.now?.() ?? new Date(),
          })
          counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1)
          if (result.outcome === 'published' || result.outcome === 'would-publish') {
            events += result.ids.length
          }
          io.stdout(values.json ? JSON.stringify(reportOf(letter, result)) : lineOf(letter, result))
        }
      } finally {
        await writer.close()
      }
      const skipped = [...counts].filter(([outcome]) => SKIPPED.has(outcome))
      const summary = { selected: selected.length, events, dryRun, ...Object.fromEntries(counts) }
      io.stdout(values.json ? JSON.stringify({ summary }) : summaryLine(summary, counts))
      return skipped.length > 0 ? 1 : 0
    })
  },
}

/** The JSON line of one dead letter. */
function reportOf(letter: StoredDeadLetter, result: ReplayOutcome) {
  return {
    position: letter.position,
    vendor: letter.vendor ?? null,
    tenant: letter.tenant ?? null,
    eventId: letter.eventId ?? null,
    ...result,
  }
}

/** `P:O  vendor  event-id  outcome …` */
function lineOf(letter: StoredDeadLetter, result: ReplayOutcome): string {
  const head = [letter.position, column(letter.vendor), column(letter.eventId)].join('  ')
  return `${head}  ${describe(result)}`
}

function describe(result: ReplayOutcome): string {
  switch (result.outcome) {
    case 'published':
    case 'would-publish':
      return `${result.outcome} (${plural(result.ids.length, 'event')}: ${result.ids.join(', ')})`
    case 'already-published':
      return `already-published (${result.ids.join(', ')})`
    case 'ignored':
      return `ignored (${result.reason})`
    case 'still-unmappable':
      return `still-unmappable (${result.reason}: ${shorten(result.detail, 200)})`
    case 'signature-invalid':
      return `signature-invalid (${result.reason})`
    case 'unknown-vendor':
      return 'unknown-vendor'
  }
}

const plural = (count: number, noun: string) => `${String(count)} ${noun}${count === 1 ? '' : 's'}`

/** `replayed N dead letters: …` with every outcome that occurred. */
function summaryLine(
  summary: { selected: number; events: number; dryRun: boolean },
  counts: ReadonlyMap<ReplayOutcome['outcome'], number>
): string {
  const parts = [...counts].map(([outcome, count]) => `${String(count)} ${outcome}`)
  const events = summary.dryRun
    ? `${plural(summary.events, 'event')} would be published (dry run)`
    : `${plural(summary.events, 'event')} published`
  return `${plural(summary.selected, 'dead letter')} selected${parts.length > 0 ? `: ${parts.join(', ')}` : ''}; ${events}`
}
