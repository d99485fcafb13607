import type * as v from 'valibot'

/**
 * One line of a `ConfigError`: the variable (the first key on the issue's path) and the message.
 * Messages are written in `values.ts` and `schema.ts` so that none shows a secret value.
 */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const variable = issue.path?.find((item) => typeof item.key === 'string')?.key
  return typeof variable === 'string' ? `${variable}: ${issue.message}` : issue.message
}
