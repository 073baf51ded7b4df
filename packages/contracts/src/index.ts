export * from './events.js';
export { SUBSCRIPTIONS } from './subscriptions.js';
