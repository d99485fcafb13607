import type { WebhookMeta } from './adapter/contract.ts'
import { dataSchemaUri, type CanonicalDraft } from './canonical/index.ts'

/** The canonical id of a vendor object: `<vendor>:<tenant>:<vendor id>` (the tenant scopes vendor ids that are only unique per account). */
export const canonicalId = (meta: Pick<WebhookMeta, 'vendor' | 'tenant'>, vendorId: string) =>
  `${meta.vendor}:${meta.tenant}:${vendorId}`

/**
 * Wraps a mapping's drafts in the CloudEvents envelope. Ids are deterministic: `<vendor>:<event id>`,
 * with a `:1`, `:2`… suffix in mapping order when one webhook yields several events, so a redelivery
 * (same vendor event id, new attempt) gets the same ids. `partitionkey` = `subject`.
 */
export function toCloudEvents(meta: WebhookMeta, drafts: readonly CanonicalDraft[]): unknown[] {
  const baseId = `${meta.vendor}:${meta.eventId}`
  return drafts.map((draft, index) => ({
    specversion: '1.0',
    id: drafts.length === 1 ? baseId : `${baseId}:${index + 1}`,
    source: `/${meta.vendor}/${meta.tenant}`,
    type: draft.type,
    subject: draft.subject,
    time: draft.time,
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(draft.type),
    partitionkey: draft.subject,
    vendor: meta.vendor,
    vendorevent: meta.eventType,
    vendoreventid: meta.eventId,
    tenant: meta.tenant,
    data: draft.data,
  }))
}
