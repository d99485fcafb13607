import type { VendorAdapter } from '../adapter/contract.ts'

/**
 * The request headers a dead letter (and a spool entry) keeps: the vendor's own, signature
 * included, so a replay can verify it again, plus content type and user agent.
 */
export function keptHeaders(
  adapter: VendorAdapter,
  headers: Readonly<Record<string, string>>
): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-type' || name === 'user-agent' || adapter.keepsHeader(name)) {
      kept[name] = value
    }
  }
  return kept
}
