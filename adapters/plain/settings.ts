import {
  secretsAndTolerance,
  type SecretsAndTolerance,
  type VendorSettings,
} from '../../src/adapter/index.ts'

/**
 * Plain's settings: one workspace's secrets per route (`PLAIN_SIGNING_SECRETS[_FILE]`), and how
 * fresh a signed delivery time must be (`PLAIN_TIMESTAMP_TOLERANCE_SECONDS`).
 */
export type PlainSettings = SecretsAndTolerance

/** Plain's variables. The tenant is the body's workspace, so there is one (`default`) account. */
export const plainSettings: VendorSettings<PlainSettings> = {
  variables: [
    {
      name: 'PLAIN_SIGNING_SECRETS',
      secret: true,
      meaning: 'Plain webhook signing secrets (`POST /webhooks/plain`).',
    },
    {
      name: 'PLAIN_SIGNING_SECRETS_FILE',
      meaning: 'File of Plain signing secrets, instead of `PLAIN_SIGNING_SECRETS`.',
    },
    {
      name: 'PLAIN_TIMESTAMP_TOLERANCE_SECONDS',
      default: '300',
      meaning:
        'A Plain delivery whose signed timestamp is further than this from now is refused (401).',
    },
  ],
  parse: (env, readFile) =>
    secretsAndTolerance(
      'PLAIN_SIGNING_SECRETS',
      'PLAIN_TIMESTAMP_TOLERANCE_SECONDS',
      env,
      readFile
    ),
}
