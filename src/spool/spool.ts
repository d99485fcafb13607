import { mkdir, unlink } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { silentLogger, type Logger } from '../log.ts'
import { writeCursor } from './cursor.ts'
import { syncDir, type SyncCounter } from './durable.ts'
import { SpoolClosedError, SpoolFullError } from './errors.ts'
import { MAX_PAYLOAD_BYTES, entryBytes } from './format.ts'
import { acquireLock, type SpoolLock } from './lock.ts'
import { readEntries, type SpoolEntry } from './read-entries.ts'
import { recover } from './recover.ts'
import type { SegmentIndex } from './segments.ts'
import { GroupCommitWriter } from './writer.ts'

/** Where a spool lives and how much it may hold. */
export interface SpoolOptions {
  /** The directory the spool owns (created if missing); one process at a time. */
  readonly dir: string
  /** Most bytes (29-byte headers included) held for unreleased entries; past it appends are refused. */
  readonly maxBytes: number
  /** A segment file is finished and a new one started before it would pass this. Default 16 MiB. */
  readonly segmentBytes?: number
  /** Torn tails cut off and stale locks taken over are logged here as warnings. */
  readonly logger?: Logger
  /** The ms-epoch clock stamped on each entry; injectable for tests. */
  readonly now?: () => number
}

/** Default `segmentBytes`. */
export const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024

/**
 * A durable local write-ahead log for webhooks that Kafka cannot take right now. `append` resolves
 * only once the entry is written and fdatasync'ed (group commit: concurrent appends share one
 * write and one fsync); entries are read back with `peek` in acceptance order and `release`d once
 * published. Delivery is at-least-once: entries published but not yet released when the process
 * dies come back after a restart, and downstream de-duplication drops them.
 *
 * The directory holds `<first seq, 20 digits>.wal` segment files (see format.ts), a `cursor` file
 * with the highest released seq, and a `lock` file with the owner's pid.
 */
export class Spool {
  readonly #dir: string
  readonly #maxBytes: number
  readonly #now: () => number
  readonly #index: SegmentIndex
  readonly #writer: GroupCommitWriter
  readonly #lock: SpoolLock
  readonly #counter: SyncCounter
  #releasing: Promise<unknown> = Promise.resolve()
  #closed: Promise<void> | undefined

  private constructor(
    dir: string,
    options: SpoolOptions,
    index: SegmentIndex,
    lock: SpoolLock,
    counter: SyncCounter
  ) {
    this.#dir = dir
    this.#maxBytes = options.maxBytes
    this.#now = options.now ?? Date.now
    this.#index = index
    this.#lock = lock
    this.#counter = counter
    const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES
    this.#writer = new GroupCommitWriter(dir, segmentBytes, index, counter)
  }

  /**
   * Locks the directory (`SpoolLockedError` if a live process holds it), then recovers it: a torn
   * tail is cut off and logged, other damage throws `SpoolCorruptError` naming file and offset.
   */
  static async open(options: SpoolOptions): Promise<Spool> {
    if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be positive')
    if (options.segmentBytes !== undefined && !(options.segmentBytes > 0)) {
      throw new RangeError('segmentBytes must be positive')
    }
    const dir = resolve(options.dir)
    const counter = { fsyncs: 0 }
    const created = await mkdir(dir, { recursive: true })
    // A new directory's name must be durable too, or a power cut takes the whole spool with it.
    if (created !== undefined) {
      for (let d = dir; d !== dirname(created); d = dirname(d)) await syncDir(dirname(d), counter)
    }
    const logger = options.logger ?? silentLogger
    const lock = await acquireLock(dir, logger)
    try {
      const index = await recover(dir, logger, counter)
      return new Spool(dir, options, index, lock, counter)
    } catch (error) {
      await lock.release()
      throw error
    }
  }

  /**
   * Appends one entry; resolves with its seq once it is on stable storage. Resolution order is call
   * order is order on disk. Rejects with `SpoolFullError` (nothing written) when the entry would
   * take the held bytes past `maxBytes`, and with `SpoolClosedError` after `close` or an I/O
   * failure. `payload` must not change until the promise settles.
   */
  append(payload: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(new SpoolClosedError('the spool is closed'))
    if (payload.byteLength > MAX_PAYLOAD_BYTES) {
      return Promise.reject(new RangeError(`payload over ${MAX_PAYLOAD_BYTES} bytes`))
    }
    const bytes = entryBytes(payload.byteLength)
    const held = this.#index.bytes + this.#writer.queuedBytes
    if (held + bytes > this.#maxBytes) {
      return Promise.reject(new SpoolFullError(held, bytes, this.#maxBytes))
    }
    return this.#writer.enqueue(payload, this.#now())
  }

  /**
   * The oldest unreleased entries, in order, without removing them: at most `maxEntries`, and at
   * most `maxPayloadBytes` of payload (but always the first one). Only acknowledged (fsynced)
   * entries are returned. One drainer at a time: peek, publish, release, repeat.
   */
  peek(maxEntries: number, maxPayloadBytes = Infinity): Promise<SpoolEntry[]> {
    return readEntries(this.#index, this.#index.released + 1, maxEntries, maxPayloadBytes)
  }

  /**
   * Marks every entry up to and including `uptoSeq` as done, durably, and deletes the segment
   * files that hold only released entries. Once it resolves, those entries never come back, even
   * after a crash; if the process dies before it resolves, they may. Releasing what is released
   * already does nothing; releasing past the last appended entry throws `RangeError`.
   */
  release(uptoSeq: number): Promise<void> {
    if (this.#closed) return Promise.reject(new SpoolClosedError('the spool is closed'))
    // One cursor write at a time: they share the temporary file.
    const done = this.#releasing.then(() => this.#release(uptoSeq))
    this.#releasing = done.catch(() => undefined)
    return done
  }

  async #release(upto: number): Promise<void> {
    if (upto <= this.#index.released) return
    if (!Number.isSafeInteger(upto) || upto > this.#index.lastSeq) {
      throw new RangeError(`cannot release up to ${upto}: the last entry is ${this.#index.lastSeq}`)
    }
    await writeCursor(this.#dir, upto, this.#counter)
    this.#index.release(upto)
    const dropped = this.#index.dropReleased()
    for (const segment of dropped) await unlink(segment.path)
    if (dropped.length > 0) await syncDir(this.#dir, this.#counter)
  }

  /** Unreleased entries: the drain backlog. */
  get depth(): number {
    return this.#index.depth
  }

  /** Bytes on disk held for unreleased entries, headers included (what `maxBytes` bounds). */
  get bytes(): number {
    return this.#index.bytes
  }

  /** When the oldest unreleased entry was appended (ms epoch); `undefined` when empty. */
  get oldestAppendedAt(): number | undefined {
    return this.#index.oldestAppendedAt
  }

  /** fdatasync/fsync calls so far (segments, cursor, directory), for appends-per-fsync metrics. */
  get fsyncs(): number {
    return this.#counter.fsyncs
  }

  /**
   * Stops taking appends, waits for those already queued to be written and for pending releases,
   * closes the files and removes the lock. Unreleased entries stay for the next open.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#writer.close()
      await this.#releasing
      await this.#lock.release()
    })()
    return this.#closed
  }
}
