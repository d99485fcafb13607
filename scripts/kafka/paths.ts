import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of the repository root (two levels above this file). */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Git-ignored folder holding everything the local Kafka tooling writes. */
export const KAFKA_DATA_ROOT = join(PROJECT_ROOT, '.data', 'kafka')

/** Folder the broker jars are copied into by `mvn dependency:copy-dependencies`. */
export const KAFKA_LIBS_DIR = join(KAFKA_DATA_ROOT, 'libs')

/** The pom that pins the Kafka version; used only to fetch jars. */
export const KAFKA_POM = join(PROJECT_ROOT, 'kafka', 'pom.xml')

/** log4j2 configuration for the broker: WARN level, to a file only. */
export const KAFKA_LOG4J2_CONFIG = join(PROJECT_ROOT, 'kafka', 'log4j2.properties')

/** Persistent broker folder used by `npm run kafka`. */
export const KAFKA_DEV_DIR = join(KAFKA_DATA_ROOT, 'dev')
