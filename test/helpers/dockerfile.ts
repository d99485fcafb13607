import { dockerfileExecCommand } from '../../scripts/dockerfile.ts'

/** The Dockerfile's exec-form `CMD` (`["node", …]`) of its final stage; `[]` when it has none. */
export function dockerfileCommand(): string[] {
  return dockerfileExecCommand() ?? []
}
