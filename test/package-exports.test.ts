import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
/** The consumer package as `npm run build` leaves it (what `npm pack` packs). */
const PACKAGE = join(ROOT, 'dist', 'consumer')

interface Manifest {
  readonly version: string
  readonly exports: Record<string, string | Record<string, string>>
  readonly files: string[]
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>
}
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'))
const manifest = readJson(join(ROOT, 'src', 'consumer', 'package', 'package.json')) as Manifest
const bridge = readJson(join(ROOT, 'package.json')) as { dependencies: Record<string, string> }

/** Every file under `dir`, as paths relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) =>
    statSync(join(dir, path)).isFile()
  )

/** The module specifiers a compiled file imports (static, re-exports and dynamic). */
const importsOf = (file: string) =>
  [
    ...readFileSync(file, 'utf8')
      // Without comments: TSDoc examples show imports too.
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .matchAll(/(?:from\s+|import\s*\(\s*|import\s+)(['"])(.+?)\1/g),
  ].map((match) => match[2]!)

/**
 * The file a relative specifier names. Declarations keep the sources' `.ts` specifiers
 * (`rewriteRelativeImportExtensions` rewrites JavaScript only); TypeScript 5 reads them as `.d.ts`.
 */
const resolveFrom = (file: string, specifier: string) =>
  resolve(dirname(file), specifier).replace(/\.ts$/, file.endsWith('.d.ts') ? '.d.ts' : '.ts')

/** The package name of a bare specifier: `@scope/name/sub` → `@scope/name`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')

describe("the repository's 'switchboard/consumer' self-reference", () => {
  it('resolves through package.json exports to the built JavaScript, and decodes a record', () => {
    // Node itself resolves the self-reference, as a consumer's `import` would (no TypeScript involved).
    const script = `
      import { readFileSync } from 'node:fs'
      const consumer = await import('switchboard/consumer')
      const expected = JSON.parse(readFileSync('fixtures/plain/thread.thread_created/expected.json', 'utf8')).events[0]
      const event = consumer.decodeCanonicalRecord({
        value: Buffer.from(JSON.stringify(expected)),
        headers: { 'content-type': Buffer.from('application/cloudevents+json; charset=UTF-8') },
      })
      console.log(JSON.stringify({ exports: Object.keys(consumer).sort(), id: event.id, equal: JSON.stringify(event) === JSON.stringify(expected) }))
    `
    const run = spawnSync(
      process.execPath,
      ['--no-experimental-strip-types', '--input-type=module', '-e', script],
      { cwd: ROOT, encoding: 'utf8' }
    )
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({
      exports: [
        'CANONICAL_EVENT_TYPES',
        'RecordError',
        'canonicalEachMessage',
        'decodeCanonicalRecord',
        'decodeRecord',
        'isCanonicalEventType',
      ],
      id: 'plain:pEv_01HD44FHHJ0YABSNGKWMG3CJ5J',
      equal: true,
    })
  })
})

describe('the consumer package, as `npm run build` leaves it in dist/consumer/', () => {
  const files = existsSync(PACKAGE) ? filesUnder(PACKAGE) : []

  it('is built from the checked-in manifest, with the guide, the contract and every generated schema', () => {
    expect(files, 'run `npm run build`').not.toEqual([])
    expect(readJson(join(PACKAGE, 'package.json'))).toEqual(manifest)
    for (const [shipped, doc] of [
      ['README.md', 'consumer.md'],
      ['contract.md', 'contract.md'],
    ]) {
      expect(readFileSync(join(PACKAGE, shipped!), 'utf8')).toBe(
        readFileSync(join(ROOT, 'docs', doc!), 'utf8')
      )
    }
    for (const name of readdirSync(join(ROOT, 'schemas'))) {
      expect(readFileSync(join(PACKAGE, 'schemas', name), 'utf8')).toBe(
        readFileSync(join(ROOT, 'schemas', name), 'utf8')
      )
    }
  })

  it('has a file behind every export, and only files its `files` field ships', () => {
    const targets = Object.entries(manifest.exports).flatMap(([name, target]) =>
      (typeof target === 'string' ? [target] : Object.values(target)).map((path) => ({
        name,
        path: path.replace('*', 'cloudevent.v1.json'),
      }))
    )
    for (const { name, path } of targets) {
      expect(existsSync(join(PACKAGE, path)), `${name} → ${path}`).toBe(true)
      expect(
        path === './package.json' || manifest.files.some((dir) => path.startsWith(`./${dir}/`))
      ).toBe(true)
    }
  })

  it('imports nothing but its own files, its dependencies, its peers and Node built-ins', () => {
    const allowed = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ])
    const compiled = files.filter((path) => path.endsWith('.js') || path.endsWith('.d.ts'))
    expect(compiled.length).toBeGreaterThan(10)
    for (const path of compiled) {
      for (const specifier of importsOf(join(PACKAGE, path))) {
        if (specifier.startsWith('.')) {
          const target = resolveFrom(join(PACKAGE, path), specifier)
          expect(relative(PACKAGE, target).startsWith('..'), `${path}: ${specifier}`).toBe(false)
          expect(existsSync(target), `${path}: ${specifier}`).toBe(true)
        } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
          expect(allowed, `${path}: ${specifier}`).toContain(packageOf(specifier))
        }
      }
    }
  })

  it('loads its main entry without the optional cloudevents peer', () => {
    const optional = Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => name)
    expect(optional).toEqual(['cloudevents'])
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('.')) visit(resolveFrom(file, specifier))
        else expect(optional, `${relative(PACKAGE, file)}: ${specifier}`).not.toContain(specifier)
      }
    }
    visit(join(PACKAGE, 'lib', 'consumer', 'index.js'))
    expect(seen.size).toBeGreaterThan(5)
  })

  it('depends on the valibot the bridge uses, and its peers accept the bridge’s own versions', () => {
    expect(manifest.dependencies).toEqual({ valibot: bridge.dependencies['valibot'] })
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      const installed = (
        readJson(join(ROOT, 'node_modules', name, 'package.json')) as { version: string }
      ).version
      // Caret ranges only: same major, and at least the range's minor within it.
      const [major, minor] = range.replace('^', '').split('.').map(Number)
      const [hasMajor, hasMinor] = installed.split('.').map(Number)
      expect(hasMajor === major && hasMinor! >= minor!, `${name}@${installed} in ${range}`).toBe(
        true
      )
    }
  })
})
