import { readFileSync } from 'node:fs'

/** A file the console serves from this folder: its bytes and content type. */
export interface Asset {
  readonly body: string
  readonly contentType: string
}

const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8')

/**
 * The style sheet and the script, read once at start-up from `src/console/assets/`: the console
 * fetches nothing from anywhere but this listener.
 */
export function loadAssets(): Readonly<Record<string, Asset>> {
  return {
    'console.css': { body: read('console.css'), contentType: 'text/css; charset=utf-8' },
    'console.js': { body: read('console.js'), contentType: 'text/javascript; charset=utf-8' },
  }
}
