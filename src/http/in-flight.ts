/** Counts webhooks whose work (body, verification, publishing) has not settled yet. */
export class InFlight {
  #count = 0
  #idle: (() => void)[] = []

  get count(): number {
    return this.#count
  }

  /** Takes a slot until `work` settles (resolved or not); returns `work`. */
  hold<T>(work: Promise<T>): Promise<T> {
    this.#count++
    const release = () => {
      this.#count--
      if (this.#count === 0) for (const resolve of this.#idle.splice(0)) resolve()
    }
    work.then(release, release)
    return work
  }

  /** Resolves when no work is in flight (immediately if none is). */
  idle(): Promise<void> {
    return this.#count === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.#idle.push(resolve))
  }
}
