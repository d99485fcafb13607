import { createServer } from 'node:net'

/** The loopback address every local broker listens on. */
export const LOOPBACK = '127.0.0.1'

/** Resolves with a TCP port the OS reports free on 127.0.0.1 (by binding port 0, then closing). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ host: LOOPBACK, port: 0, exclusive: true }, () => {
      const address = server.address()
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port)
        else reject(new Error('could not read the port of a probe socket'))
      })
    })
  })
}

/** Resolves `true` when `port` can be bound on 127.0.0.1 right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => {
      resolve(false)
    })
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => {
      server.close(() => {
        resolve(true)
      })
    })
  })
}
