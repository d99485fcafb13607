/**
 * Span and metric attribute names. The OpenTelemetry semantic-convention names (v1.44: HTTP stable,
 * messaging and CloudEvents in development) are copied here as upstream recommends for incubating
 * names, instead of importing `@opentelemetry/semantic-conventions/incubating` at run time. The
 * `switchboard.*` names are this project's own.
 */

// HTTP server (docs/http/http-spans.md, stable)
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method' as const
export const ATTR_HTTP_ROUTE = 'http.route' as const
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code' as const
export const ATTR_HTTP_REQUEST_BODY_SIZE = 'http.request.body.size' as const
export const ATTR_URL_PATH = 'url.path' as const
export const ATTR_URL_SCHEME = 'url.scheme' as const
export const ATTR_USER_AGENT_ORIGINAL = 'user_agent.original' as const
export const ATTR_ERROR_TYPE = 'error.type' as const
export const ATTR_SERVER_ADDRESS = 'server.address' as const
export const ATTR_SERVER_PORT = 'server.port' as const

// Messaging (docs/messaging/kafka.md, messaging-spans.md)
export const ATTR_MESSAGING_SYSTEM = 'messaging.system' as const
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type' as const
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name' as const
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name' as const
export const ATTR_MESSAGING_DESTINATION_PARTITION_ID = 'messaging.destination.partition.id' as const
export const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = 'messaging.batch.message_count' as const
export const ATTR_MESSAGING_CLIENT_ID = 'messaging.client.id' as const
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name' as const
export const ATTR_MESSAGING_KAFKA_MESSAGE_KEY = 'messaging.kafka.message.key' as const
export const ATTR_MESSAGING_KAFKA_OFFSET = 'messaging.kafka.offset' as const

// CloudEvents (docs/cloudevents/cloudevents-spans.md)
export const ATTR_CLOUDEVENTS_EVENT_ID = 'cloudevents.event_id' as const
export const ATTR_CLOUDEVENTS_EVENT_SOURCE = 'cloudevents.event_source' as const
export const ATTR_CLOUDEVENTS_EVENT_TYPE = 'cloudevents.event_type' as const
export const ATTR_CLOUDEVENTS_EVENT_SPEC_VERSION = 'cloudevents.event_spec_version' as const
export const ATTR_CLOUDEVENTS_EVENT_SUBJECT = 'cloudevents.event_subject' as const

// Switchboard's own
/** The adapter's `vendor` name. */
export const ATTR_WEBHOOK_VENDOR = 'switchboard.webhook.vendor' as const
/** The vendor's event type, e.g. `thread.thread_created`. */
export const ATTR_WEBHOOK_EVENT_TYPE = 'switchboard.webhook.event_type' as const
/** The vendor's event id (idempotency key), e.g. `pEv_…`. */
export const ATTR_WEBHOOK_EVENT_ID = 'switchboard.webhook.event_id' as const
/** The tenant: named in the body, or the route's account. */
export const ATTR_WEBHOOK_TENANT = 'switchboard.webhook.tenant' as const
/** accepted, duplicate, ignored, dead_lettered, rejected or unavailable. */
export const ATTR_WEBHOOK_OUTCOME = 'switchboard.webhook.outcome' as const
/** Why a webhook was rejected, ignored or dead-lettered (an error code, never payload text). */
export const ATTR_WEBHOOK_REASON = 'switchboard.webhook.reason' as const
/** How many canonical events the webhook became. */
export const ATTR_CANONICAL_EVENT_COUNT = 'switchboard.canonical.event_count' as const
/** A canonical event type, e.g. `conversation.created` (metrics). */
export const ATTR_CANONICAL_EVENT_TYPE = 'switchboard.canonical.event_type' as const
