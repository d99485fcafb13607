/** What a list-valued field gained and lost between two snapshots (labels, customer groups). */
export interface SetDifference<T> {
  readonly added: T[]
  readonly removed: T[]
}

/**
 * `added`: the values of `after` that are not in `before`; `removed`: the values of `before` that
 * are not in `after`. Each list is de-duplicated and keeps first-seen order, so a vendor list that
 * repeats a value reports it once. The `change` of `conversation.labels_changed` and
 * `customer.groups_changed`.
 */
export function setDifference<T>(before: Iterable<T>, after: Iterable<T>): SetDifference<T> {
  // A Set iterates in insertion order: first-seen order, duplicates dropped.
  const had = new Set(before)
  const has = new Set(after)
  return {
    added: [...has].filter((value) => !had.has(value)),
    removed: [...had].filter((value) => !has.has(value)),
  }
}
