import { LOOPBACK } from './free-port.ts'

/** What differs between two local brokers' `server.properties`. */
export type ServerPropertiesInput = {
  /** Client (PLAINTEXT) port on 127.0.0.1. */
  port: number
  /** KRaft controller port on 127.0.0.1. */
  controllerPort: number
  /** Absolute path of the folder holding the partition and metadata logs (`log.dirs`). */
  logDirs: string
}

/**
 * Renders `server.properties` for a single-node KRaft broker in combined mode
 * (`process.roles=broker,controller`) on 127.0.0.1, with a static one-voter quorum so the same
 * data folder can be restarted on other ports, replication factors of 1, one offsets partition,
 * no initial rebalance delay and no topic auto-creation.
 */
export function renderServerProperties(input: ServerPropertiesInput): string {
  const { port, controllerPort, logDirs } = input
  const lines: [string, string | number][] = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.voters', `1@${LOOPBACK}:${controllerPort}`],
    ['listeners', `PLAINTEXT://${LOOPBACK}:${port},CONTROLLER://${LOOPBACK}:${controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${LOOPBACK}:${port}`],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['controller.listener.names', 'CONTROLLER'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    // Backslashes would be escapes in a .properties file.
    ['log.dirs', logDirs.replaceAll('\\', '/')],
    ['num.partitions', 1],
    ['default.replication.factor', 1],
    ['min.insync.replicas', 1],
    ['auto.create.topics.enable', 'false'],
    ['offsets.topic.replication.factor', 1],
    ['offsets.topic.num.partitions', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['transaction.state.log.num.partitions', 1],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    ['share.coordinator.state.topic.num.partitions', 1],
    ['group.initial.rebalance.delay.ms', 0],
    // Small footprint: few threads, small cleaner buffer.
    ['num.network.threads', 2],
    ['num.io.threads', 2],
    ['num.recovery.threads.per.data.dir', 1],
    ['background.threads', 2],
    ['log.cleaner.dedupe.buffer.size', 2 * 1024 * 1024],
  ]
  const body = lines.map(([key, value]) => `${key}=${String(value)}`).join('\n')
  return `# Written by scripts/kafka/local-broker.ts; rewritten on every start.\n${body}\n`
}
