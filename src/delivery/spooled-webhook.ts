/**
 * What the bridge spools for one authentic webhook: enough to run it through the pipeline again
 * once Kafka is back (the mapping is pure, so the events come out the same), and to dead-letter it
 * with the vendor's headers if it does not map. Its signature was checked when it arrived; the
 * spool is the bridge's own disk, so it is not checked again.
 */
export interface SpooledWebhook {
  readonly vendor: string
  readonly tenant: string
  /** Unix ms when the bridge accepted it. */
  readonly receivedAt: number
  /** The vendor's headers worth keeping (as a dead letter keeps them). */
  readonly headers: Readonly<Record<string, string>>
  /** W3C trace context of the webhook's own trace, so its records continue it when drained. */
  readonly traceparent: string | undefined
  /** The raw body, exactly as received. */
  readonly body: Uint8Array
}

/** Layout: u32 length of a UTF-8 JSON header, the header, then the raw body bytes. */
export function encodeSpooledWebhook(webhook: SpooledWebhook): Uint8Array {
  const { body, ...meta } = webhook
  const header = Buffer.from(JSON.stringify({ v: 1, ...meta }))
  const out = Buffer.allocUnsafe(4 + header.byteLength + body.byteLength)
  out.writeUInt32BE(header.byteLength, 0)
  header.copy(out, 4)
  out.set(body, 4 + header.byteLength)
  return out
}

/** The inverse of {@link encodeSpooledWebhook}. Throws on an entry this version did not write. */
export function decodeSpooledWebhook(entry: Uint8Array): SpooledWebhook {
  const bytes = Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength)
  const length = bytes.readUInt32BE(0)
  const meta = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Omit<
    SpooledWebhook,
    'body'
  > & { v: number }
  if (meta.v !== 1) throw new Error(`spool entry version ${String(meta.v)} is not known`)
  return {
    vendor: meta.vendor,
    tenant: meta.tenant,
    receivedAt: meta.receivedAt,
    headers: meta.headers,
    traceparent: meta.traceparent ?? undefined,
    body: bytes.subarray(4 + length),
  }
}
