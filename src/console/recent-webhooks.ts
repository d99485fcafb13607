/** One webhook as its log line told it (`src/http/observe-webhooks.ts`): never a header or a body. */
export interface WebhookRecord {
  /** When the line was logged (the answer was known), ISO 8601. */
  readonly time: string
  readonly vendor: string
  readonly tenant?: string
  readonly eventType?: string
  readonly eventId?: string
  /** `accepted`, `duplicate`, `ignored`, `dead_lettered`, `spooled`, `rejected`, `unavailable`, `error`. */
  readonly outcome: string
  readonly reason?: string
  readonly status?: number
  readonly durationMs?: number
  readonly traceId?: string
}

type Fields = Readonly<Record<string, unknown>>

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

const number = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN

/** A column of optional strings, allocated once and filled with `undefined`. */
const column = (capacity: number) => new Array<string | undefined>(capacity).fill(undefined)

/**
 * The last `capacity` webhook log lines, in a ring: memory is bounded by `capacity` whatever the
 * traffic. `add` is on every webhook's path, so the ring is a set of columns allocated once (typed
 * arrays for times and numbers, arrays of string references for the rest): an append is a few
 * stores, O(1), with no allocation, and keeps only the named fields of the line (copied one by
 * one, each only with the right type), so a field the log line gains later never reaches the
 * console. Records are built when someone reads them, which is rare.
 */
export class RecentWebhooks {
  readonly capacity: number
  readonly #time: Float64Array
  readonly #status: Float64Array
  readonly #durationMs: Float64Array
  readonly #vendor: (string | undefined)[]
  readonly #tenant: (string | undefined)[]
  readonly #eventType: (string | undefined)[]
  readonly #eventId: (string | undefined)[]
  readonly #outcome: (string | undefined)[]
  readonly #reason: (string | undefined)[]
  readonly #traceId: (string | undefined)[]
  #next = 0
  #size = 0

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be an integer ≥ 1, got ${String(capacity)}`)
    }
    this.capacity = capacity
    this.#time = new Float64Array(capacity)
    this.#status = new Float64Array(capacity)
    this.#durationMs = new Float64Array(capacity)
    this.#vendor = column(capacity)
    this.#tenant = column(capacity)
    this.#eventType = column(capacity)
    this.#eventId = column(capacity)
    this.#outcome = column(capacity)
    this.#reason = column(capacity)
    this.#traceId = column(capacity)
  }

  /** Keeps the webhook fields of one log line (`vendor`, `tenant`, `event_type`, …) logged at `at` (ms). */
  add(at: number, fields: Fields): void {
    const slot = this.#next
    this.#time[slot] = at
    this.#status[slot] = number(fields['status'])
    this.#durationMs[slot] = number(fields['duration_ms'])
    this.#vendor[slot] = text(fields['vendor'])
    this.#tenant[slot] = text(fields['tenant'])
    this.#eventType[slot] = text(fields['event_type'])
    this.#eventId[slot] = text(fields['event_id'])
    this.#outcome[slot] = text(fields['outcome'])
    this.#reason[slot] = text(fields['reason'])
    this.#traceId[slot] = text(fields['trace_id'])
    this.#next = slot + 1 === this.capacity ? 0 : slot + 1
    if (this.#size < this.capacity) this.#size++
  }

  /** How many records it holds (at most `capacity`). */
  get size(): number {
    return this.#size
  }

  /** The newest `limit` records it holds that pass `keep` (default: all), newest first. */
  list(keep: (record: WebhookRecord) => boolean = () => true, limit = Infinity): WebhookRecord[] {
    const records: WebhookRecord[] = []
    for (let i = 1; i <= this.#size && records.length < limit; i++) {
      const record = this.#record((this.#next - i + this.capacity) % this.capacity)
      if (keep(record)) records.push(record)
    }
    return records
  }

  #record(slot: number): WebhookRecord {
    const tenant = this.#tenant[slot]
    const eventType = this.#eventType[slot]
    const eventId = this.#eventId[slot]
    const reason = this.#reason[slot]
    const status = this.#status[slot] ?? Number.NaN
    const durationMs = this.#durationMs[slot] ?? Number.NaN
    const traceId = this.#traceId[slot]
    return {
      time: new Date(this.#time[slot] ?? 0).toISOString(),
      vendor: this.#vendor[slot] ?? 'unknown',
      ...(tenant !== undefined && { tenant }),
      ...(eventType !== undefined && { eventType }),
      ...(eventId !== undefined && { eventId }),
      outcome: this.#outcome[slot] ?? 'unknown',
      ...(reason !== undefined && { reason }),
      ...(!Number.isNaN(status) && { status }),
      ...(!Number.isNaN(durationMs) && { durationMs }),
      ...(traceId !== undefined && { traceId }),
    }
  }
}
