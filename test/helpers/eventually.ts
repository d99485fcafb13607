/**
 * Polls `check` every 200 ms until it holds or `ms` passed; returns whether it held. A check that
 * throws (a listener not up yet, a connection refused) counts as not yet.
 */
export async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check().catch(() => false)) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}
