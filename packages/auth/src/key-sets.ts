import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/**
 * The public keys published at a JWKS URL, fetched on first use, refreshed when an unknown `kid` shows up
 * (key rotation) and at most every `cooldownMs` so a flood of forged kids cannot hammer the issuer.
 */
export function remoteKeySet(
  url: string,
  options: { timeoutMs?: number; cooldownMs?: number } = {},
): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), {
    timeoutDuration: options.timeoutMs ?? 2_000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: 10 * 60_000,
  });
}
