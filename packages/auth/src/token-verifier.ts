import { ProblemError, problems } from '@bazaar/problem';
import { errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';

/** The one signing algorithm Bazaar accepts; pinning it is what makes `alg: none` and HS/RS confusion fail. */
export const TOKEN_ALGORITHM = 'EdDSA';

export interface Principal {
  userId: string;
  role: 'customer' | 'admin';
  email: string;
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number;
}

export interface TokenVerifierOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** Verified tokens kept to skip the signature check; 0 disables the cache. */
  cacheSize?: number;
  now?: () => number;
}

export interface TokenVerifier {
  /** Resolves the principal of a bearer token or throws a 401 ProblemError (503 when keys cannot be fetched). */
  verify(token: string): Promise<Principal>;
  readonly cacheStats: { hits: number; misses: number; size: number };
}

// A compact JWS: three base64url parts; anything longer than this is not one of ours.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 4096;

/**
 * Verifies access tokens with a pinned algorithm, issuer and audience. Verified tokens are cached by
 * their full text until their own `exp`, so a cache hit skips the ~100 µs signature check but a cached
 * token still stops working the moment it expires.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const now = options.now ?? Date.now;
  const cacheSize = options.cacheSize ?? 10_000;
  const cache = cacheSize > 0 ? new LRUCache<string, Principal>({ max: cacheSize }) : undefined;
  const stats = { hits: 0, misses: 0 };

  async function verifySignature(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: new Date(now()),
      });
      const role = payload.role;
      if (
        (role !== 'customer' && role !== 'admin') ||
        typeof payload.email !== 'string' ||
        typeof payload.sub !== 'string'
      ) {
        throw problems.invalidToken('token lacks the subject, role or email claim');
      }
      return { userId: payload.sub!, role, email: payload.email, expiresAt: payload.exp! * 1000 };
    } catch (error) {
      throw toProblem(error);
    }
  }

  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
        throw problems.invalidToken('token is not a compact JWS');
      }
      const cached = cache?.get(token);
      if (cached) {
        if (cached.expiresAt > now()) {
          stats.hits++;
          return cached;
        }
        cache?.delete(token);
        throw problems.invalidToken('token has expired');
      }
      stats.misses++;
      const principal = await verifySignature(token);
      cache?.set(token, principal);
      return principal;
    },
    get cacheStats() {
      return { ...stats, size: cache?.size ?? 0 };
    },
  };
}

function toProblem(error: unknown) {
  if (error instanceof errors.JWTExpired) return problems.invalidToken('token has expired');
  if (error instanceof errors.JWTClaimValidationFailed)
    return problems.invalidToken(`token claim '${error.claim}' is not accepted`);
  if (error instanceof errors.JOSEAlgNotAllowed)
    return problems.invalidToken('token algorithm is not accepted');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return problems.invalidToken('token signature is invalid');
  if (error instanceof errors.JWKSNoMatchingKey)
    return problems.invalidToken('token was signed by an unknown key');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return problems.serviceUnavailable('signing keys could not be fetched', 5);
  }
  // jose throws its generic error only when the key set answers other than 200 or with bad JSON.
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') {
    return problems.serviceUnavailable('signing keys could not be fetched', 5);
  }
  if (error instanceof errors.JOSEError) return problems.invalidToken('token is malformed');
  if (error instanceof ProblemError) return error;
  // The key set could not be fetched (connection refused and the like): a server-side failure, not the caller's.
  return problems.serviceUnavailable('signing keys could not be fetched', 5);
}
