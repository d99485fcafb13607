import { startLocalKafka } from './local-broker.ts'
import { KAFKA_DEV_DIR } from './paths.ts'

/**
 * `npm run kafka`: a broker for development on 127.0.0.1:9092 (controller 9093) with
 * persistent data in `.data/kafka/dev`, in the foreground until Ctrl-C.
 */
async function main(): Promise<void> {
  const log = (line: string): void => {
    console.log(`[kafka] ${line}`)
  }
  const kafka = await startLocalKafka({
    port: 9092,
    controllerPort: 9093,
    dataDir: KAFKA_DEV_DIR,
    keepData: true,
    log,
  })
  console.log(
    `[kafka] bootstrap: ${kafka.brokers.join(',')}   (KAFKA_BROKERS=${kafka.brokers.join(',')})`
  )
  console.log(`[kafka] data: ${kafka.dataDir}   log: ${kafka.logFile}`)
  console.log('[kafka] press Ctrl-C to stop')

  let stopping = false
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping…`)
    kafka.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      }
    )
  }
  void kafka.exited.then((how) => {
    if (stopping) return
    console.error(`[kafka] the broker stopped by itself (${how}); see ${kafka.logFile}`)
    process.exit(1)
  })
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
  process.on('SIGHUP', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
