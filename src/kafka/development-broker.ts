import { createConnection } from 'node:net'

/**
 * The development broker: what `npm start` (without `KAFKA_BROKERS`) and `npm run kafka` run on
 * 127.0.0.1:`LOCAL_KAFKA_PORT` (9092). The dev entry and the CLI both look for it there, so the
 * README's commands work without `KAFKA_BROKERS`; production (`src/main.ts`) never does.
 */
export function developmentBroker(env: Readonly<Record<string, string | undefined>>): {
  readonly host: string
  readonly port: number
  readonly address: string
} {
  const port = Number(env['LOCAL_KAFKA_PORT'] ?? 9092)
  return { host: '127.0.0.1', port, address: `127.0.0.1:${port}` }
}

/** True when something accepts TCP connections on `host`:`port` (answered within `timeoutMs`). */
export function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port })
    const done = (listening: boolean) => {
      socket.destroy()
      resolve(listening)
    }
    socket.setTimeout(timeoutMs, () => {
      done(false)
    })
    socket.once('connect', () => {
      done(true)
    })
    socket.once('error', () => {
      done(false)
    })
  })
}
