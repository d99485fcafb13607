/**
 * `npm run bench:dedup`: what de-duplication kept in Kafka costs at start-up. Fills a de-dup topic
 * with N ids (default 1,000,000, `DEDUP_IDS`) as bridges would have written them, then starts the
 * bridge (production command) on it and on an empty one, and reports for each: time from spawn to
 * `/readyz` 200, the bridge's own figure for reading the topic, and RSS once ready. A 0-id start
 * is the baseline measured in the same run. Results: bench/results/dedup-warmup.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dedupBatchRecord } from '../src/dedup/dedup-log.ts'
import { fingerprint } from '../src/dedup/fingerprint.ts'
import { findFreePort } from '../scripts/kafka/free-port.ts'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { PROJECT_ROOT } from '../scripts/kafka/paths.ts'
import { startBridgeProcess, waitReady } from './lib/bridge.ts'
import { benchKafka } from './lib/kafka.ts'
import { memoryOf } from './lib/process.ts'

const IDS = Number(process.env['DEDUP_IDS'] ?? 1_000_000)
/** Ids per batch record: a busy bridge's event-loop turn (about 20–40 at 64 connections). */
const PER_RECORD = 32
const runId = Date.now().toString(36)
const logDir = join(PROJECT_ROOT, '.data', 'bench', `dedup-warmup-${runId}`)
mkdirSync(logDir, { recursive: true })

const kafkaProcess = await startLocalKafka({})
try {
  const kafka = benchKafka(kafkaProcess.brokers)
  const admin = kafka.admin()
  await admin.connect()
  const full = `bench.dedup.full.${runId}`
  const empty = `bench.dedup.empty.${runId}`
  await admin.createTopics({
    waitForLeaders: true,
    topics: [full, empty].map((topic) => ({
      topic,
      // As a bridge creates it (src/dedup/dedup-log.ts).
      numPartitions: 1,
      configEntries: [
        { name: 'cleanup.policy', value: 'delete' },
        { name: 'retention.ms', value: String(7 * 24 * 3600 * 1000) },
      ],
    })),
  })
  await admin.disconnect()

  // The records bridges write: per event-loop turn, a claim record and then a published record.
  // Timestamped over the hour before now, as ids gather over time: a restart reads claims that
  // have lapsed (REQUEST_DEADLINE_MS × 2), except for the last seconds' few.
  const HOUR_MS = 3_600_000
  const firstAt = Date.now() - HOUR_MS
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  const fillStarted = performance.now()
  const BATCH = 10_000
  for (let from = 0; from < IDS; from += BATCH) {
    const messages = []
    for (let turn = from; turn < Math.min(IDS, from + BATCH); turn += PER_RECORD) {
      const fps = []
      for (let n = turn; n < Math.min(IDS, turn + PER_RECORD); n++) {
        fps.push(fingerprint(`plain:w_bench:evt_${runId}_${n}`))
      }
      for (const kind of ['claim', 'published'] as const) {
        const { message } = dedupBatchRecord(full, 0, kind, `${kind}:bench:${String(turn)}`, fps)
        messages.push({
          ...message,
          timestamp: String(firstAt + Math.floor((turn / IDS) * HOUR_MS)),
        })
      }
    }
    await producer.send({ topic: full, acks: -1, messages })
  }
  await producer.disconnect()
  const fillSeconds = (performance.now() - fillStarted) / 1000
  console.log(`[dedup] ${IDS} ids written in ${fillSeconds.toFixed(1)} s`)

  const startOn = async (topic: string, name: string) => {
    const logFile = join(logDir, `${name}.log`)
    const bridge = startBridgeProcess({
      port: await findFreePort(),
      adminPort: await findFreePort(),
      brokers: kafkaProcess.brokers,
      topics: {
        conversations: `bench.${name}.conversations.${runId}`,
        customers: `bench.${name}.customers.${runId}`,
        deadLetter: `bench.${name}.deadletter.${runId}`,
        dedup: topic,
      },
      secret: 'bench-secret',
      logFile,
      env: { DEDUP_MAX_ENTRIES: String(Math.max(IDS, 1_048_576)) },
    })
    const readyMs = await waitReady(bridge.adminUrl, 600_000, () => !bridge.alive())
    const memory = memoryOf(bridge.pid)
    bridge.kill('SIGTERM')
    await bridge.exited
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((l) => l.includes('de-duplication log read'))
    const read = line ? (JSON.parse(line) as { ids: number; ms: number }) : undefined
    return {
      readyMs,
      logReadMs: read?.ms,
      idsRead: read?.ids,
      rssMiB: Math.round(memory.rssMiB),
    }
  }
  const baseline = await startOn(empty, 'empty')
  const warmed = await startOn(full, 'full')
  const result = {
    date: new Date().toISOString(),
    ids: IDS,
    partitions: 1,
    idsPerRecord: PER_RECORD,
    fillSeconds: Math.round(fillSeconds * 10) / 10,
    baseline,
    warmed,
    extraStartSeconds:
      warmed.readyMs !== undefined && baseline.readyMs !== undefined
        ? Math.round((warmed.readyMs - baseline.readyMs) / 100) / 10
        : undefined,
    extraRssMiB: warmed.rssMiB - baseline.rssMiB,
  }
  console.log(JSON.stringify(result, null, 2))
  writeFileSync(
    join(PROJECT_ROOT, 'bench', 'results', 'dedup-warmup.json'),
    `${JSON.stringify(result, null, 2)}\n`
  )
} finally {
  await kafkaProcess.stop()
}
