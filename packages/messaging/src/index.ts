export { connectTransport, type TransportSettings, transportSettings } from './connect.js';
export { createEnvelope, type Envelope, isEnvelope } from './envelope.js';
export {
  type EventCatalog,
  type EventTypeDefinition,
  eventCatalog,
  InvalidEventError,
} from './event-catalog.js';
export { handleBatchOnce, handleOnce } from './inbox.js';
export { installInbox, installMessageStore, installOutbox } from './install.js';
export { type MessagingMetrics, messagingMetrics } from './metrics.js';
export { enqueue, type OutboxRelay, replayFromOutbox, startOutboxRelay } from './outbox.js';
export {
  listPublishedMessages,
  MAX_PUBLISHED_DATA_CHARS,
  MAX_PUBLISHED_PAGE,
  PUBLISHED_SETTLE_MS,
  type PublishedMessage,
  type PublishedPage,
} from './published-messages.js';
export {
  type BatchConsumer,
  backoffMs,
  type Consumer,
  type ConsumerOptions,
  DEFAULT_RETRY,
  type DeadLetter,
  type IncomingMessage,
  type OutgoingMessage,
  PoisonMessageError,
  type RetryPolicy,
  type SingleMessageConsumer,
  type Subscription,
  type Transport,
} from './transport.js';
export { postgresMessageStore } from './transports/postgres-message-store.js';
export { deleteRabbitMqNamespace, rabbitMqNames, rabbitMqTransport } from './transports/rabbitmq.js';
