import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  HeadersTooLargeError,
  MalformedRequestError,
  RequestTimeoutError,
  type HttpError,
} from '../errors.ts'
import { errorBody } from './on-error.ts'

/** What Node's HTTP parser reports (`clientError`): an error with a `code`. */
type ParserError = Error & { readonly code?: string }

/** The typed error for a request Node's parser refused before the app saw it. */
export function clientErrorOf(error: ParserError): HttpError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new HeadersTooLargeError({ cause: error })
    // headersTimeout / requestTimeout ran out (Node's own timers, checked every second).
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new RequestTimeoutError('the request did not arrive in time', { cause: error })
    default:
      return new MalformedRequestError({ cause: error })
  }
}

/**
 * `server.on('clientError')`: answers what the HTTP parser refused (a request line it cannot
 * parse, oversized headers, a timeout before the request was whole) with the same JSON error body
 * as every other answer, then closes the connection. Where no answer can be written (the client
 * reset the connection, or an answer has already started on it) the socket is only destroyed.
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
export function answerClientError(error: ParserError, socket: Duplex): void {
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent === true) {
    socket.destroy()
    return
  }
  const typed = clientErrorOf(error)
  const body = JSON.stringify(errorBody(typed))
  socket.end(
    `HTTP/1.1 ${typed.status} ${STATUS_CODES[typed.status] ?? ''}\r\n` +
      'content-type: application/json\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body
  )
}
