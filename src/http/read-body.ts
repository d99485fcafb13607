import type { Readable } from 'node:stream'
import { PayloadTooLargeError, RequestBodyError, RequestTimeoutError } from '../errors.ts'

/** Bounds of one body read. */
export interface BodyLimits {
  /** Bytes accepted at most (`BODY_LIMIT_BYTES`). */
  readonly limitBytes: number
  /** Time the whole body may take to arrive (`BODY_TIMEOUT_MS`). */
  readonly timeoutMs: number
}

/**
 * Reads a request body to its end. The returned promise always settles, whatever the client
 * does: with the bytes, or with a `PayloadTooLargeError` (declared or streamed over the limit),
 * a `RequestTimeoutError` (not all there within `timeoutMs`) or a `RequestBodyError` (the stream
 * broke, or the connection closed before its end). A read that could stay pending would hold
 * whatever waits on it; this was a live defect when the read went through a Web stream that
 * never settled once the socket was destroyed.
 *
 * On failure the listeners are removed and the rest of the body is not read; the caller answers
 * with `Connection: close`, so Node closes the socket after the answer.
 */
export function readBody(
  stream: Readable,
  declaredLength: number | undefined,
  limits: BodyLimits
): Promise<Uint8Array> {
  if (declaredLength !== undefined && declaredLength > limits.limitBytes) {
    return Promise.reject(new PayloadTooLargeError(limits.limitBytes))
  }
  if (stream.readableEnded) return Promise.reject(new RequestBodyError())
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const finish = (error?: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.off('error', onError)
      stream.off('close', onClose)
      if (error) {
        reject(error)
      } else {
        resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size))
      }
    }
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      size += bytes.byteLength
      if (size > limits.limitBytes) {
        finish(new PayloadTooLargeError(limits.limitBytes))
        return
      }
      chunks.push(bytes)
    }
    const onEnd = () => {
      finish()
    }
    const onError = (error: Error) => {
      finish(new RequestBodyError({ cause: error }))
    }
    // 'close' before 'end': the client went away mid-body (or the socket was destroyed).
    const onClose = () => {
      finish(new RequestBodyError())
    }
    const timer = setTimeout(() => {
      finish(
        new RequestTimeoutError(
          `the body did not arrive within ${limits.timeoutMs} ms (${size} bytes received)`
        )
      )
    }, limits.timeoutMs)
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('error', onError)
    stream.on('close', onClose)
  })
}
