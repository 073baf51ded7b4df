export {
  assertConformsToContract,
  type ContractChecker,
  committedContract,
  contractChecker,
  contractCheckingMiddleware,
  type Exchange,
} from './contract-checker.js';
export { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from './databases.js';
export { eventDriver, type PublishedByService } from './event-driver.js';
export { eventually } from './eventually.js';
export { injectJson } from './inject-json.js';
export { type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.js';
export { seededRandom } from './random.js';
export {
  type OptionalServer,
  optionalServers,
  redactUrl,
  skipUnless,
  unreachableBecause,
} from './servers.js';
export { startTestService } from './services.js';
export {
  freePort,
  GENEROUS_PROTECTIONS,
  GENEROUS_RATE_LIMITS,
  type SoloProcess,
  spawnCli,
  spawnSolo,
} from './solo-process.js';
export { createTestTokenIssuer, type TestTokenIssuer } from './token-issuer.js';
