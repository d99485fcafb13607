import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { KAFKA_DATA_ROOT, KAFKA_LIBS_DIR, KAFKA_POM, PROJECT_ROOT } from './paths.ts'
import { runCommand } from './run-command.ts'

/** Name of the marker file written into the libs folder once a copy is complete. */
const MARKER = '.complete.json'

type Marker = { kafkaVersion: string; pomSha256: string; jars: string[] }

/** Options of {@link ensureKafkaJars}. */
export type EnsureKafkaJarsOptions = {
  /** Receives one line per step (nothing is printed otherwise). */
  log?: (line: string) => void
}

/** The Kafka version pinned by `kafka/pom.xml` (its `kafka.version` property). */
export async function pinnedKafkaVersion(): Promise<string> {
  const pom = await readFile(KAFKA_POM, 'utf8')
  const version = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom)?.[1]
  if (version === undefined) throw new Error(`no <kafka.version> property in ${KAFKA_POM}`)
  return version
}

async function pomSha256(): Promise<string> {
  return createHash('sha256')
    .update(await readFile(KAFKA_POM))
    .digest('hex')
}

async function isComplete(dir: string, expectedPomSha256: string): Promise<boolean> {
  let marker: Marker
  try {
    marker = JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as Marker
  } catch {
    return false
  }
  return (
    marker.pomSha256 === expectedPomSha256 &&
    Array.isArray(marker.jars) &&
    marker.jars.length > 0 &&
    marker.jars.every((jar) => existsSync(join(dir, jar)))
  )
}

/**
 * Makes sure the jars of the Kafka broker pinned in `kafka/pom.xml` are in `.data/kafka/libs`,
 * running `mvn dependency:copy-dependencies` (Maven Central, through the user's `~/.m2`) only
 * when that folder is missing, incomplete, or was filled from a different pom. The copy is made
 * in a temporary folder and moved into place, so an interrupted fetch never looks complete.
 *
 * @returns the absolute path of the folder holding the jars (use `<dir>/*` as the classpath).
 */
export async function ensureKafkaJars(options: EnsureKafkaJarsOptions = {}): Promise<string> {
  const log = options.log ?? (() => undefined)
  const sha = await pomSha256()
  if (await isComplete(KAFKA_LIBS_DIR, sha)) return KAFKA_LIBS_DIR

  const version = await pinnedKafkaVersion()
  await mkdir(KAFKA_DATA_ROOT, { recursive: true })
  const staging = join(KAFKA_DATA_ROOT, `libs.tmp-${process.pid}-${Date.now()}`)
  log(`fetching Apache Kafka ${version} jars with Maven into ${KAFKA_LIBS_DIR}`)
  const started = performance.now()
  try {
    const result = await runCommand(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        KAFKA_POM,
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${staging}`,
      ],
      { cwd: PROJECT_ROOT }
    )
    if (result.code !== 0) {
      throw new Error(
        `mvn dependency:copy-dependencies failed (exit ${String(result.code)}):\n${result.output.trim()}`
      )
    }
    const jars = (await readdir(staging)).filter((name) => name.endsWith('.jar')).sort()
    if (!jars.some((jar) => jar.startsWith(`kafka_2.13-${version}`))) {
      throw new Error(`mvn finished but kafka_2.13-${version}.jar is not in ${staging}`)
    }
    const marker: Marker = { kafkaVersion: version, pomSha256: sha, jars }
    await writeFile(join(staging, MARKER), `${JSON.stringify(marker, null, 2)}\n`)

    // Another process may have completed the same fetch meanwhile: keep whichever is complete.
    if (await isComplete(KAFKA_LIBS_DIR, sha)) return KAFKA_LIBS_DIR
    await rm(KAFKA_LIBS_DIR, { recursive: true, force: true })
    try {
      await rename(staging, KAFKA_LIBS_DIR)
    } catch (error) {
      if (!(await isComplete(KAFKA_LIBS_DIR, sha))) throw error
    }
    log(`fetched ${jars.length} jars in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return KAFKA_LIBS_DIR
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  try {
    const dir = await ensureKafkaJars({
      log: (line) => {
        console.log(line)
      },
    })
    console.log(`Kafka ${await pinnedKafkaVersion()} jars ready in ${dir}`)
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  }
}
