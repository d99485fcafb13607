import { connect, type Socket } from 'node:net'

/** An HTTP/1.1 answer as read off a socket. */
export interface RawAnswer {
  readonly status: number
  /** Lower-case header names. */
  readonly headers: Record<string, string>
  readonly body: string
}

/** Parses the bytes a server wrote before it closed the connection (one answer). */
export function parseAnswer(raw: string): RawAnswer {
  const split = raw.indexOf('\r\n\r\n')
  const head = split === -1 ? raw : raw.slice(0, split)
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: split === -1 ? '' : raw.slice(split + 4),
  }
}

/** A TCP connection to `url`'s host and port; resolves once connected. */
export function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.off('error', reject)
      resolve(socket)
    })
    socket.once('error', reject)
  })
}

/** Everything the server writes on `socket` until it closes it (or `timeoutMs` passes: rejects). */
export function readUntilClosed(socket: Socket, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`the server did not close the connection within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', () => undefined)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks).toString('utf8'))
    })
  })
}

/** Writes `bytes` as they are (a request Node's parser may refuse) and reads the one answer. */
export async function rawExchange(url: string, bytes: string | Buffer): Promise<RawAnswer> {
  const socket = await openSocket(url)
  const answer = readUntilClosed(socket)
  socket.write(bytes)
  return parseAnswer(await answer)
}

/**
 * A client that sends a request's headers (declaring `contentLength` body bytes) or only part of
 * them, then one byte every `everyMs`, as a slowloris attacker does; `answer` resolves with what
 * the server wrote before it closed the connection.
 */
export async function slowClient(
  url: string,
  path: string,
  options: {
    readonly contentLength: number
    readonly everyMs: number
    readonly headersOnly?: boolean
  }
) {
  const socket = await openSocket(url)
  const answer = readUntilClosed(socket).then(parseAnswer)
  const { host } = new URL(url)
  const head = `POST ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${options.contentLength}\r\n`
  socket.write(options.headersOnly ? head : `${head}\r\n{`)
  const timer = setInterval(() => {
    if (socket.writable) socket.write(options.headersOnly ? 'x' : ' ')
  }, options.everyMs)
  socket.once('close', () => {
    clearInterval(timer)
  })
  return {
    answer,
    /** Closes the connection from the client side. */
    leave: () => {
      clearInterval(timer)
      socket.destroy()
    },
  }
}
