import { readFileSync } from 'node:fs'

/**
 * The package version (`package.json`, which the container image ships beside `src/`), read once;
 * `unknown` when it cannot be read, since a missing version must not stop the console.
 */
export function packageVersion(url = new URL('../../package.json', import.meta.url)): string {
  try {
    const { version } = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown }
    return typeof version === 'string' ? version : 'unknown'
  } catch {
    return 'unknown'
  }
}
