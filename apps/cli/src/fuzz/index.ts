export { fuzzCommand } from './command.js';
export { type JsonSchema, type Operation, operationsOf, resolveRefs } from './operations.js';
export { parseFuzzArgs } from './options.js';
export {
  type CallerName,
  type FuzzContext,
  type FuzzRequest,
  generateRequest,
  requestArbitrary,
} from './requests.js';
export { type FuzzOptions, type FuzzResult, runFuzz } from './run.js';
export { judge } from './verdict.js';
