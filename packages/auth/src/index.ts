export { type KeyFetchGuard, type RemoteKeySetOptions, remoteKeySet } from './key-sets.js';
export { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './token-claims.js';
export {
  createTokenVerifier,
  type Principal,
  TOKEN_ALGORITHM,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier.js';
