export * from './events.js';
export * from './fulfilment.js';
export * from './schemas.js';
export { SUBSCRIPTIONS } from './subscriptions.js';
