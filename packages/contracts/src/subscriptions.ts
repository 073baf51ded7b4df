import type { Subscription } from '@bazaar/messaging';
import { TOPICS } from './events.js';

/**
 * The system's wiring: which consumer group receives which topics. Every service declares all of it with
 * the transport when it starts, so an event published before its consumer's first start waits for it
 * (on RabbitMQ a message that reaches no queue is gone). A group is `<service>.<consumer>`.
 */
export const SUBSCRIPTIONS: readonly Subscription[] = [
  { group: 'notification.user-events', topics: [TOPICS.users] },
];
