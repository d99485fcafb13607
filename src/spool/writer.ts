import { open, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { datasync, syncDir, writeAll, type SyncCounter } from './durable.ts'
import { SpoolClosedError } from './errors.ts'
import { MAX_BATCH_BYTES, encodeEntry, entryBytes, segmentName } from './format.ts'
import type { Segment, SegmentIndex } from './segments.ts'

interface Pending {
  readonly payload: Uint8Array
  readonly bytes: number
  readonly appendedAt: number
  readonly resolve: (seq: number) => void
  readonly reject: (error: unknown) => void
}

/**
 * Group commit: appends wait in a queue, and one loop writes everything queued as one batch, one
 * write and one fdatasync, then resolves the batch in order while the next one fills up. Hundreds
 * of concurrent appends cost a few fsyncs. Batches go out in queue order and never span two
 * segments, so resolution order = call order = order on disk.
 *
 * A failed write is cut off again (truncate) and only its batch rejects. A failed fdatasync, or a
 * failure while starting a segment, stops the writer for good: after a failed fdatasync the kernel
 * may have dropped the dirty pages and marked them clean, so a retry could report lost data as
 * durable. Reopening the spool recovers what is on disk.
 */
export class GroupCommitWriter {
  readonly #dir: string
  readonly #segmentBytes: number
  readonly #index: SegmentIndex
  readonly #counter: SyncCounter
  #queue: Pending[] = []
  #queuedBytes = 0
  #handle: FileHandle | undefined
  #loop: Promise<void> | undefined
  #failure: SpoolClosedError | undefined

  constructor(dir: string, segmentBytes: number, index: SegmentIndex, counter: SyncCounter) {
    this.#dir = dir
    this.#segmentBytes = segmentBytes
    this.#index = index
    this.#counter = counter
  }

  /** Bytes of entries queued or being written, not yet in the index. */
  get queuedBytes(): number {
    return this.#queuedBytes
  }

  /** Queues one entry; resolves with its seq once it is written and fdatasync'ed. */
  enqueue(payload: Uint8Array, appendedAt: number): Promise<number> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise<number>((resolve, reject) => {
      const bytes = entryBytes(payload.byteLength)
      this.#queue.push({ payload, bytes, appendedAt, resolve, reject })
      this.#queuedBytes += bytes
      // #run always awaits before it ends, so it cannot clear #loop before this assignment.
      this.#loop ??= this.#run()
    })
  }

  /** Waits until everything queued is written (or failed), then closes the segment file. */
  async close(): Promise<void> {
    while (this.#loop) await this.#loop
    await this.#handle?.close()
    this.#handle = undefined
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0) {
      try {
        await this.#commitNext()
      } catch (error) {
        this.#stop(error)
      }
    }
    // Synchronously after the last check of the queue: an append from now on starts a new loop.
    this.#loop = undefined
  }

  async #commitNext(): Promise<void> {
    const [first] = this.#queue
    if (first === undefined) return
    const segment = await this.#segmentFor(first.bytes)
    const room = Math.max(first.bytes, Math.min(MAX_BATCH_BYTES, this.#segmentBytes - segment.size))
    let bytes = 0
    let n = 0
    for (const pending of this.#queue) {
      if (n > 0 && bytes + pending.bytes > room) break
      bytes += pending.bytes
      n++
    }
    const batch = this.#queue.splice(0, n)

    const data = Buffer.allocUnsafe(bytes)
    const offsets: number[] = []
    const appendedAt: number[] = []
    const firstSeq = this.#index.lastSeq + 1
    let at = 0
    for (const [i, pending] of batch.entries()) {
      offsets.push(segment.size + at)
      appendedAt.push(pending.appendedAt)
      at = encodeEntry(data, at, firstSeq + i, pending.appendedAt, pending.payload)
    }

    const handle = this.#handle
    if (handle === undefined) throw new Error('no segment file open')
    try {
      await writeAll(handle, data, segment.size)
    } catch (error) {
      this.#settle(batch, bytes, firstSeq, error)
      await handle.truncate(segment.size) // if this throws too, #run stops the writer
      return
    }
    try {
      await datasync(handle, this.#counter)
    } catch (error) {
      this.#settle(batch, bytes, firstSeq, error)
      throw error
    }
    this.#index.commit(offsets, appendedAt, segment.size + bytes)
    this.#settle(batch, bytes, firstSeq)
  }

  /** Resolves a batch in order (or rejects it) and stops counting its bytes as queued. */
  #settle(batch: readonly Pending[], bytes: number, firstSeq: number, error?: unknown): void {
    this.#queuedBytes -= bytes
    for (const [i, pending] of batch.entries()) {
      if (error === undefined) pending.resolve(firstSeq + i)
      else pending.reject(error)
    }
  }

  /**
   * The segment the next batch goes to. A new one is started when the active one cannot take the
   * next entry, or when all its entries are released, so that it can be deleted.
   */
  async #segmentFor(nextEntryBytes: number): Promise<Segment> {
    const active = this.#index.active
    if (
      active !== undefined &&
      (active.size === 0 ||
        (active.size + nextEntryBytes <= this.#segmentBytes && !this.#index.isReleased(active)))
    ) {
      this.#handle ??= await open(active.path, 'r+')
      return active
    }
    const path = join(this.#dir, segmentName(this.#index.lastSeq + 1))
    const handle = await open(path, 'wx')
    // The old segment needs no fsync: every batch in it was fdatasync'ed before it resolved.
    await this.#handle?.close()
    this.#handle = handle
    const segment = this.#index.addSegment(path)
    for (const released of this.#index.dropReleased()) await unlink(released.path)
    // The new file's name must be durable before an entry in it is acknowledged.
    await syncDir(this.#dir, this.#counter)
    return segment
  }

  #stop(error: unknown): void {
    this.#failure = new SpoolClosedError('the spool stopped after an I/O error; reopen it', {
      cause: error,
    })
    for (const pending of this.#queue) pending.reject(this.#failure)
    this.#queue = []
    this.#queuedBytes = 0
  }
}
