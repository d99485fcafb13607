import * as v from 'valibot'
import { CanonicalEventSchema } from '../canonical/index.ts'
import {
  firstLine,
  parseCommandArgs,
  readInput,
  rejectExtraArguments,
  UsageError,
  type CliCommand,
} from './io.ts'

/**
 * `switchboard validate FILE|-`: checks canonical events against `CanonicalEventSchema`. The input
 * is one structured-mode JSON object, or JSON lines (one event per line, as `normalize` prints).
 * Prints `ok <id>` per valid event, else one line per invalid path with what was expected: never
 * the value, which may be personal data. Exit 0 all valid, 1 any invalid or unreadable, 2 bad usage.
 */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check canonical events (JSON or JSON lines) against the canonical schema',
  usage: () => 'usage: switchboard validate FILE|-',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {})
    const [file, ...extra] = positionals
    if (file === undefined) throw new UsageError('missing FILE (or - for stdin)')
    rejectExtraArguments(extra)
    let text: string
    try {
      text = Buffer.from(await readInput(file, io)).toString('utf8')
    } catch (error) {
      io.stderr(`switchboard: ${firstLine(error)}`)
      return 1
    }
    const documents = splitDocuments(text)
    if (documents.length === 0) {
      io.stderr('switchboard: no event in the input')
      return 1
    }
    let valid = true
    for (const { where, parse } of documents) {
      let event: unknown
      try {
        event = parse()
      } catch {
        io.stdout(`invalid ${where}: not JSON`)
        valid = false
        continue
      }
      const result = v.safeParse(CanonicalEventSchema, event)
      if (result.success) {
        io.stdout(`ok ${result.output.id}`)
        continue
      }
      valid = false
      for (const issue of result.issues) io.stdout(`invalid ${where}: ${describeIssue(issue)}`)
    }
    return valid ? 0 : 1
  },
}

interface Document {
  /** `line N`, or `event` for a single-object input. */
  readonly where: string
  readonly parse: () => unknown
}

/** The whole text when it is one JSON value, else each non-blank line (JSON lines). */
function splitDocuments(text: string): Document[] {
  try {
    const whole: unknown = JSON.parse(text)
    return [{ where: 'event', parse: () => whole }]
  } catch {
    return text
      .split('\n')
      .map((line, index) => ({ line, where: `line ${index + 1}` }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, where }) => ({ where, parse: () => JSON.parse(line) as unknown }))
  }
}

/** `path: expected X` from what the schema wanted; `issue.input` and `message` (which quote the value) stay out. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue) ?? '(root)'
  return issue.expected === null ? `${path}: ${issue.type}` : `${path}: expected ${issue.expected}`
}
