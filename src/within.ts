/**
 * `work`'s outcome, or `onTimeout()`'s (a value, or what it throws) once `ms` passed, whichever
 * comes first. The timer is cleared either way; `work` itself goes on (a promise cannot be
 * cancelled), and its later rejection is handled here.
 */
export async function within<T, U = T>(
  ms: number,
  work: Promise<T>,
  onTimeout: () => U
): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<U>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout())
      } catch (error) {
        reject(error instanceof Error ? error : new Error('onTimeout threw a non-Error value'))
      }
    }, ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}
