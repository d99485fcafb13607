import { setTimeout as sleep } from 'node:timers/promises'
import { Kafka, logLevel } from 'kafkajs'

/** Options of {@link waitForKafka}. */
export type WaitForKafkaOptions = {
  /** Give up after this many milliseconds. */
  timeoutMs: number
  /** When given, the broker must report this cluster id (guards against a foreign broker on the port). */
  clusterId?: string
  /** Stops waiting early (e.g. when the broker process exited). */
  signal?: AbortSignal
}

/** Another cluster than the expected one answers: retrying will not help. */
class ForeignClusterError extends Error {}

async function probeOnce(brokers: string[], clusterId: string | undefined): Promise<void> {
  const kafka = new Kafka({
    clientId: 'switchboard-kafka-probe',
    brokers,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  })
  const admin = kafka.admin()
  try {
    await admin.connect()
    const cluster = await admin.describeCluster()
    if (clusterId !== undefined && cluster.clusterId !== clusterId) {
      throw new ForeignClusterError(
        `a different Kafka cluster (${cluster.clusterId}) answers on ${brokers.join(',')}`
      )
    }
    await admin.listTopics()
  } finally {
    await admin.disconnect().catch(() => undefined)
  }
}

/**
 * Polls until a kafkajs admin client can connect to `brokers`, describe the cluster and list
 * topics. Rejects with the last probe error after `timeoutMs`, or with the signal's reason.
 */
export async function waitForKafka(brokers: string[], options: WaitForKafkaOptions): Promise<void> {
  const deadline = performance.now() + options.timeoutMs
  let lastError: unknown
  for (;;) {
    options.signal?.throwIfAborted()
    try {
      await probeOnce(brokers, options.clusterId)
      return
    } catch (error) {
      if (error instanceof ForeignClusterError) throw error
      lastError = error
    }
    options.signal?.throwIfAborted()
    if (performance.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError)
      throw new Error(
        `Kafka on ${brokers.join(',')} not ready after ${options.timeoutMs} ms: ${reason}`,
        { cause: lastError }
      )
    }
    await sleep(200)
  }
}
