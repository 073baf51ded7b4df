export {
  defineSaga,
  type LocalStep,
  type RemoteStep,
  type SagaCommand,
  type SagaDefinition,
  type SagaNotice,
  type SagaStep,
  type StepReplies,
} from './definition.js';
export { type SagaEngine, type SagaHistoryEntry, type SagaRecord, sagaEngine } from './engine.js';
export { installSagas } from './install.js';
export {
  isTerminal,
  type SagaEffect,
  type SagaInput,
  type SagaState,
  type SagaStatus,
  type Transition,
  transition,
} from './machine.js';
