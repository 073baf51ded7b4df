import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';

/** Runs one key fetch under the caller's resilience policy (timeout, breaker, bulkhead, retries). */
export type KeyFetchGuard = (fetchKeys: (signal: AbortSignal) => Promise<Response>) => Promise<Response>;

export interface RemoteKeySetOptions {
  timeoutMs?: number;
  cooldownMs?: number;
  /** Every fetch of the key set goes through this, so a sick issuer is treated like any other upstream. */
  guard?: KeyFetchGuard;
  /** How the key set is fetched (default the global fetch), e.g. through a balanced pool of the issuer's instances. */
  fetch?: (input: string | URL, init?: RequestInit) => Promise<Response>;
}

/**
 * The public keys published at a JWKS URL, fetched on first use, refreshed when an unknown `kid` shows up
 * (key rotation) and at most every `cooldownMs` so a flood of forged kids cannot hammer the issuer.
 */
export function remoteKeySet(url: string, options: RemoteKeySetOptions = {}): JWTVerifyGetKey {
  const { guard } = options;
  const fetchKeys = options.fetch ?? fetch;
  return createRemoteJWKSet(new URL(url), {
    timeoutDuration: options.timeoutMs ?? 2_000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: 10 * 60_000,
    ...(guard
      ? {
          [customFetch]: (resource, init) =>
            guard((signal) =>
              fetchKeys(resource, { ...init, signal: AbortSignal.any([init.signal, signal]) }),
            ),
        }
      : options.fetch
        ? { [customFetch]: (resource: string, init: RequestInit) => fetchKeys(resource, init) }
        : {}),
  });
}
