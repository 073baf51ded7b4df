export {
  type AggregateOptions,
  type AggregateRepository,
  aggregateRepository,
  type Decider,
  type DomainEvent,
  fold,
  type Loaded,
} from './aggregate.js';
export { ConcurrencyConflictError, TransactionOrderConflictError } from './errors.js';
export {
  createEventStore,
  type EventStore,
  NOTIFY_CHANNEL,
  type ReadStreamOptions,
  type Sql,
} from './event-store.js';
export { installEventStore } from './install.js';
export { formatPosition, START } from './position.js';
export {
  applyEvents,
  type BatchProjection,
  createProjectionRunner,
  EVENT_BATCH_SIZE,
  type EventProjection,
  type ProjectionDefinition,
  type ProjectionRunner,
  type ProjectionStatus,
  SET_BATCH_SIZE,
  type TableNames,
  tableNames,
} from './projections.js';
export { deciderSpecification, projectionSpecification, storedEvents } from './specification.js';
export {
  type CatchUpOptions,
  loadCheckpoint,
  type Subscription,
  saveCheckpoint,
  subscribe,
} from './subscription.js';
export type { AppendResult, ExpectedVersion, GlobalPosition, NewEvent, StoredEvent } from './types.js';
export { currentSchemaVersion, type Upcasters, upcast } from './upcasting.js';
export { listenForAppends, type Wakeup } from './wakeup.js';
