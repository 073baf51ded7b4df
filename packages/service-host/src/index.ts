export { bearerToken } from './authentication.js';
export {
  createAuthenticator,
  createServiceApp,
  DEFAULT_BODY_LIMIT,
  type ServiceAppOptions,
} from './create-service-app.js';
export {
  type Authenticator,
  defineService,
  requireDb,
  requireMessaging,
  type ServiceApp,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceRuntime,
} from './define-service.js';
export { faultAdminRoutes, registerFaultHook } from './fault-admin.js';
export {
  checkFaultSpec,
  createFaultInjector,
  FAULT_PROBLEM_SLUG,
  Fault,
  type FaultInjector,
  type FaultKind,
  FaultSpec,
  FaultsEnv,
  type FaultTarget,
  faultsEnabled,
  type HttpFaultDecision,
  InjectedFaultError,
  type MessageFaultDecision,
} from './faults.js';
export { databaseCheck, type HealthState, type ReadinessCheck } from './health.js';
export { databaseNameFor, type RunningService, type StartServiceOptions, startService } from './host.js';
export {
  type CursorField,
  cursorFields,
  keysetCursor,
  keysetPage,
  MICROSECOND_TEXT,
} from './keyset-cursor.js';
export {
  type LoadShedder,
  type SheddingConfig,
  SheddingEnv,
  type SheddingSnapshot,
  sheddingConfig,
} from './load-shedding.js';
export {
  createLogger,
  createStreamLogger,
  defaultLogFormat,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
} from './logger.js';
export type {
  ConsumerGroup,
  EventConsumer,
  MessagingContract,
  MessagingRuntime,
  PublishedEvent,
  ServiceMessaging,
} from './messaging.js';
export { PublishedMessage } from './messaging-admin.js';
export {
  completeServiceDocument,
  type OpenApiDocument,
  type OpenApiOperation,
  operationNoun,
  operationsOf,
  PROBLEM_MEDIA_TYPE,
  PROBLEM_RESPONSE_NAMES,
  PROBLEM_STATUSES,
  ProblemSchema,
  type ProblemStatus,
  problemResponse,
  problemResponseRef,
  RESPONSE_HEADERS,
  type RouteContract,
} from './openapi-contract.js';
export { sendProblem, toProblem } from './problem-handler.js';
export { ShutdownEnv, shutdownDrainMs } from './shutdown.js';
export { relaySiblingQuestions, type SiblingRelay } from './sibling-relay.js';
export {
  type SiblingAnswerer,
  type SiblingAnswers,
  type SiblingQuestion,
  SiblingRelayError,
  type SiblingWorkers,
  siblingQuestion,
  siblingWorkers,
} from './sibling-workers.js';
export {
  type RecentSpansCriteria,
  recentSpansFor,
  TraceId,
  TraceSpan,
  traceAdminRoutes,
} from './trace-admin.js';
