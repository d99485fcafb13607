import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TOOL_JVM_FLAGS, classpathOf, javaExecutable } from './java.ts'
import { runCommand } from './run-command.ts'

/**
 * A new Kafka cluster id, in the form `kafka.tools.StorageTool random-uuid` prints
 * (16 random bytes, URL-safe base64 without padding, never starting with `-`),
 * made here to save a JVM start.
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

/**
 * The cluster id of an already formatted log folder (from its `meta.properties`),
 * or `undefined` when the folder has not been formatted.
 */
export async function readClusterId(logDirs: string): Promise<string | undefined> {
  let text: string
  try {
    text = await readFile(join(logDirs, 'meta.properties'), 'utf8')
  } catch {
    return undefined
  }
  return /^cluster\.id=(.+)$/m.exec(text)?.[1]?.trim()
}

/**
 * Formats the KRaft log folder named in `configPath` for `clusterId` with
 * `kafka.tools.StorageTool format` (static quorum, so without `--standalone`).
 */
export async function formatStorage(input: {
  libsDir: string
  configPath: string
  clusterId: string
}): Promise<void> {
  const java = javaExecutable()
  const result = await runCommand(java, [
    ...TOOL_JVM_FLAGS,
    '-cp',
    classpathOf(input.libsDir),
    'kafka.tools.StorageTool',
    'format',
    '--cluster-id',
    input.clusterId,
    '--config',
    input.configPath,
  ])
  if (result.code !== 0) {
    throw new Error(
      `kafka.tools.StorageTool format failed (exit ${String(result.code)}):\n${result.output.trim()}`
    )
  }
}
