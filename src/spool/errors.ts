import { SwitchboardError } from '../errors.ts'

/**
 * `append` would take the bytes held for unreleased entries past `maxBytes`. Nothing was written:
 * the caller answers 503, so the vendor delivers the webhook again later.
 */
export class SpoolFullError extends SwitchboardError {
  override readonly name = 'SpoolFullError'
  readonly code = 'spool_full'
  readonly reason = 'spool_full'
  /** Bytes held (unreleased and queued) when the append was refused. */
  readonly heldBytes: number
  readonly maxBytes: number
  constructor(heldBytes: number, entryBytes: number, maxBytes: number) {
    super(`spool full: ${heldBytes} + ${entryBytes} bytes would exceed ${maxBytes}`)
    this.heldBytes = heldBytes
    this.maxBytes = maxBytes
  }
}

/**
 * A spool file is damaged where a crash cannot have torn it: acknowledged entries may be lost, so
 * the spool refuses to guess. Names the file and the byte offset for the operator.
 */
export class SpoolCorruptError extends SwitchboardError {
  override readonly name = 'SpoolCorruptError'
  readonly code = 'spool_corrupt'
  readonly reason = 'spool_corrupt'
  readonly file: string
  readonly offset: number
  constructor(file: string, offset: number, detail: string) {
    super(`spool file ${file} is corrupt at offset ${offset}: ${detail}`)
    this.file = file
    this.offset = offset
  }
}

/** Another live process holds the spool directory's lock: two bridges must never share a spool. */
export class SpoolLockedError extends SwitchboardError {
  override readonly name = 'SpoolLockedError'
  readonly code = 'spool_locked'
  readonly reason = 'spool_locked'
  readonly dir: string
  /** The process holding the lock. */
  readonly pid: number
  constructor(dir: string, pid: number, detail = 'which is still running') {
    super(`spool ${dir} is locked by process ${pid}, ${detail}`)
    this.dir = dir
    this.pid = pid
  }
}

/**
 * The spool takes no more appends: it was closed, or an I/O error made its state on disk unknown
 * (then `cause` holds that error, and reopening the spool recovers what is durable).
 */
export class SpoolClosedError extends SwitchboardError {
  override readonly name = 'SpoolClosedError'
  readonly code = 'spool_closed'
  readonly reason = 'spool_closed'
}
