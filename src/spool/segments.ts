/** One segment file as the spool knows it. Entry `i` has seq `firstSeq + i`. */
export interface Segment {
  readonly firstSeq: number
  readonly path: string
  /** Bytes of the segments before this one (since open), so positions compare across files. */
  readonly base: number
  /** Bytes durably written: the end of the last committed entry. */
  size: number
  /** Where each entry starts in the file. */
  readonly offsets: number[]
  /** When each entry was appended (ms epoch). */
  readonly appendedAt: number[]
}

/**
 * The in-memory index of the live segments, oldest first, with the durable release point. Only
 * committed (fsynced) entries are in it. The last segment is the one being appended to; it is
 * never dropped here, so the writer alone decides when to leave it.
 */
export class SegmentIndex {
  readonly #segments: Segment[] = []
  #released: number
  #lastSeq: number

  /** An index with nothing unreleased: the next entry gets `released + 1`. */
  constructor(released: number) {
    this.#released = released
    this.#lastSeq = released
  }

  /** Highest seq released durably. */
  get released(): number {
    return this.#released
  }

  /** Highest seq committed; `released` when nothing was appended since. */
  get lastSeq(): number {
    return this.#lastSeq
  }

  /** Committed entries not yet released. */
  get depth(): number {
    return this.#lastSeq - this.#released
  }

  /** Bytes (headers included) of the committed entries not yet released. */
  get bytes(): number {
    const last = this.#segments.at(-1)
    if (this.depth === 0 || last === undefined) return 0
    const { segment, index } = this.locate(this.#released + 1)
    return last.base + last.size - (segment.base + (segment.offsets[index] ?? 0))
  }

  /** When the oldest unreleased entry was appended (ms epoch), if there is one. */
  get oldestAppendedAt(): number | undefined {
    if (this.depth === 0) return undefined
    const { segment, index } = this.locate(this.#released + 1)
    return segment.appendedAt[index]
  }

  /** The segment being appended to. */
  get active(): Segment | undefined {
    return this.#segments.at(-1)
  }

  /**
   * Adds a segment at the end: a new, empty one whose first entry will be `lastSeq + 1`, or (on
   * open) one read from disk, whose first entries may be released already.
   */
  addSegment(
    path: string,
    scanned?: Pick<Segment, 'firstSeq' | 'size' | 'offsets' | 'appendedAt'>
  ): Segment {
    const last = this.#segments.at(-1)
    const segment: Segment = {
      firstSeq: scanned?.firstSeq ?? this.#lastSeq + 1,
      path,
      base: last === undefined ? 0 : last.base + last.size,
      size: scanned?.size ?? 0,
      offsets: scanned?.offsets ?? [],
      appendedAt: scanned?.appendedAt ?? [],
    }
    this.#segments.push(segment)
    this.#lastSeq = Math.max(this.#lastSeq, segment.firstSeq + segment.offsets.length - 1)
    return segment
  }

  /** Records a batch written and fsynced at the end of the active segment. */
  commit(offsets: readonly number[], appendedAt: readonly number[], size: number): void {
    const active = this.#segments.at(-1)
    if (active === undefined) throw new Error('no active segment to commit to')
    for (const [i, offset] of offsets.entries()) {
      active.offsets.push(offset)
      active.appendedAt.push(appendedAt[i] ?? 0)
    }
    active.size = size
    this.#lastSeq += offsets.length
  }

  /** The segment holding `seq` (committed) and the entry's index in it. */
  locate(seq: number): { segment: Segment; index: number } {
    let low = 0
    let high = this.#segments.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((this.#segments[mid]?.firstSeq ?? Infinity) <= seq) low = mid
      else high = mid - 1
    }
    const segment = this.#segments[low]
    const index = segment === undefined ? -1 : seq - segment.firstSeq
    if (segment === undefined || index < 0 || index >= segment.offsets.length) {
      throw new RangeError(`seq ${seq} is not in the spool`)
    }
    return { segment, index }
  }

  /** Whether every entry of `segment` is released (an empty one is not). */
  isReleased(segment: Segment): boolean {
    return (
      segment.offsets.length > 0 && segment.firstSeq + segment.offsets.length - 1 <= this.#released
    )
  }

  /** Moves the release point (once it is durable) up to `upto`. */
  release(upto: number): void {
    this.#released = Math.max(this.#released, upto)
  }

  /** Takes the fully released segments out of the index, except the active one; returns them. */
  dropReleased(): Segment[] {
    let n = 0
    for (const segment of this.#segments.slice(0, -1)) {
      if (!this.isReleased(segment)) break
      n++
    }
    return this.#segments.splice(0, n)
  }
}
