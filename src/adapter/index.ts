/**
 * The one entry through which an adapter (`adapters/<vendor>/`) takes what it needs from `src/`:
 * the contract it implements, the canonical model it maps to, the errors it may throw, and the
 * helpers for signatures, settings and ids. An adapter imports nothing else from `src/`, so the
 * core can move its files without touching a vendor.
 */
export type * from './contract.ts'
export { defineEvent } from './define-event.ts'
export * from '../canonical/index.ts'
export { setDifference, type SetDifference } from '../canonical/set-difference.ts'
export { canonicalId } from '../envelope.ts'
export {
  PayloadError,
  SignatureError,
  type PayloadFailure,
  type SignatureFailure,
} from '../errors.ts'
export { ownValue } from '../lookup.ts'
export { normalize, type NormalizeResult } from '../pipeline.ts'
export { verifyHmac, type HmacScheme } from '../signature/hmac.ts'
export {
  accountSecrets,
  secretsAndTolerance,
  secretsSetting,
  settingsFrom,
  toAccountName,
  type SecretsAndTolerance,
} from '../config/vendor-settings.ts'
export { integerFrom } from '../config/values.ts'
export { OptionalRawTextSchema, OptionalTextSchema } from './tolerant-values.ts'
