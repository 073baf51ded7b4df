export { balancedFetch } from './balanced-fetch.js';
export {
  BalancedPool,
  type BalancedPoolOptions,
  type BalancedRequest,
  type BalancedResponse,
  type EndpointSnapshot,
  type EndpointState,
  type InstanceResult,
  isConnectionFailure,
} from './balanced-pool.js';
export { type Candidate, chooseEndpoint } from './choose.js';
export { ENDPOINT_LIST_PATTERN, parseEndpointList } from './endpoint-list.js';
export {
  type EndpointSource,
  endpointsFor,
  fileEndpoints,
  staticEndpoints,
  writeEndpointsFile,
} from './endpoint-source.js';
