/**
 * `npm run bench:instances`: does a second bridge process on the same machine add throughput?
 * One bridge against two on the same topics and the same de-dup topic (as two replicas behind a
 * load balancer, which is correct without shared memory since de-duplication is kept in Kafka),
 * the same 64 keep-alive connections split between them by two Go drivers. Rounds alternate one
 * and two instances; per setup the medians of webhooks/s, CPU ms per 2xx (all bridge processes,
 * from /proc) and the sum of their peak RSS. Flags (or environment): `--rounds N`
 * (BENCH_ROUNDS, 3), `--seconds S` (BENCH_SECONDS, 10). Results: bench/results/instances.json.
 */
import { parseArgs } from 'node:util'
import { findFreePort } from '../scripts/kafka/free-port.ts'
import { startLocalKafka } from '../scripts/kafka/local-broker.ts'
import { startBridgeProcess, waitReady, type BridgeProcess } from './lib/bridge.ts'
import { buildLoadgen, startLoadgen } from './lib/loadgen.ts'
import { coreCount, cpuMsOf, memoryOf } from './lib/process.ts'
import { median, workDir, writeResult } from './lib/report.ts'

const { values: flags } = parseArgs({
  options: { rounds: { type: 'string' }, seconds: { type: 'string' } },
})
const ROUNDS = Number(flags.rounds ?? process.env['BENCH_ROUNDS'] ?? 3)
const SECONDS = Number(flags.seconds ?? process.env['BENCH_SECONDS'] ?? 10)
const CONNECTIONS = 64
const SECRET = 'bench-secret-instances'
const runId = Date.now().toString(36)
const logDir = workDir(`instances-${runId}`)

interface Measured {
  readonly webhooksPerS: number
  readonly cpuMsPer2xx: number
  readonly peakRssMiB: number
}

const kafka = await startLocalKafka({})
try {
  await buildLoadgen()
  const results: Record<1 | 2, Measured[]> = { 1: [], 2: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const instances of round % 2 === 1 ? ([1, 2] as const) : ([2, 1] as const)) {
      const measured = await measure(instances, `${String(round)}-${String(instances)}`)
      results[instances].push(measured)
      console.log(
        `[instances] round ${String(round)}, ${String(instances)}: ${JSON.stringify(measured)}`
      )
    }
  }
  const summary = ([1, 2] as const).map((instances) => ({
    instances,
    webhooksPerS: median(results[instances].map((m) => m.webhooksPerS)),
    cpuMsPer2xx: median(results[instances].map((m) => m.cpuMsPer2xx)),
    peakRssMiB: median(results[instances].map((m) => m.peakRssMiB)),
  }))
  const [one, two] = summary as [(typeof summary)[0], (typeof summary)[0]]
  const result = {
    date: new Date().toISOString(),
    nproc: coreCount(),
    rounds: ROUNDS,
    seconds: SECONDS,
    connections: CONNECTIONS,
    summary,
    throughputRatio: Math.round((two.webhooksPerS / one.webhooksPerS) * 100) / 100,
    cpuRatio: Math.round((two.cpuMsPer2xx / one.cpuMsPer2xx) * 100) / 100,
    perRound: results,
  }
  console.log(JSON.stringify(result, null, 2))
  console.log(`[instances] written: ${writeResult('instances.json', result)}`)
} finally {
  await kafka.stop()
}

/** Starts `instances` bridges on shared topics, loads them for SECONDS, and stops them. */
async function measure(instances: 1 | 2, tag: string): Promise<Measured> {
  const topics = {
    conversations: `bench.instances.${tag}.conversations.${runId}`,
    customers: `bench.instances.${tag}.customers.${runId}`,
    deadLetter: `bench.instances.${tag}.deadletter.${runId}`,
    dedup: `bench.instances.${tag}.dedup.${runId}`,
  }
  const bridges: BridgeProcess[] = []
  try {
    for (let n = 0; n < instances; n++) {
      const bridge = startBridgeProcess({
        port: await findFreePort(),
        adminPort: await findFreePort(),
        brokers: kafka.brokers,
        topics,
        secret: SECRET,
        logFile: `${logDir}/${tag}-${String(n)}.log`,
      })
      bridges.push(bridge)
      // One at a time: the first creates the topics.
      await waitReady(bridge.adminUrl, 90_000, () => !bridge.alive())
    }
    const load = async (seconds: number, prefix: string) =>
      Promise.all(
        bridges.map(
          (bridge, n) =>
            startLoadgen([
              ...['-url', bridge.webhookUrl, '-secret', SECRET, '-vendor', 'plain'],
              ...[
                '-connections',
                String(CONNECTIONS / instances),
                '-duration',
                `${String(seconds)}s`,
              ],
              ...['-id-prefix', `${prefix}-${tag}-${String(n)}-${runId}`],
            ]).result
        )
      )
    await load(3, 'warm')
    const cpuBefore = bridges.map((bridge) => cpuMsOf(bridge.pid))
    const answers = await load(SECONDS, 'load')
    const cpuMs = bridges.reduce((sum, bridge, n) => sum + cpuMsOf(bridge.pid) - cpuBefore[n]!, 0)
    const accepted = answers.reduce((sum, answer) => sum + (answer.statuses['202'] ?? 0), 0)
    return {
      webhooksPerS: Math.round(answers.reduce((sum, answer) => sum + answer.acknowledged_per_s, 0)),
      cpuMsPer2xx: Math.round((cpuMs / accepted) * 1000) / 1000,
      peakRssMiB: Math.round(bridges.reduce((sum, bridge) => sum + memoryOf(bridge.pid).hwmMiB, 0)),
    }
  } finally {
    for (const bridge of bridges) bridge.kill('SIGTERM')
    await Promise.all(bridges.map((bridge) => bridge.exited))
  }
}
