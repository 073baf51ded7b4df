import { randomUUID } from 'node:crypto';
import { TOKEN_ALGORITHM } from '@bazaar/auth';
import type { Pool } from '@bazaar/postgres';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';

export interface AccessTokenClaims {
  userId: string;
  email: string;
  role: 'customer' | 'admin';
}

export interface SigningKeys {
  sign(claims: AccessTokenClaims, ttlSeconds: number): Promise<string>;
  /** The public keys, as served at /.well-known/jwks.json. */
  jwks(): JSONWebKeySet;
  /** Verification keys for this service's own token checks, without an HTTP round trip. */
  keySet(): JWTVerifyGetKey;
}

// Serialises key creation across instances starting at the same moment.
const KEY_CREATION_LOCK = 7_262_101;

/** Loads the active Ed25519 key, creating and persisting one on the first start. */
export async function loadSigningKeys(db: Pool, issuer: string, audience: string): Promise<SigningKeys> {
  const rows = await db.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${KEY_CREATION_LOCK})`;
    const existing = await tx<{ kid: string; publicJwk: JWK; privateJwk: JWK; retiredAt: Date | null }[]>`
      SELECT kid, public_jwk AS "publicJwk", private_jwk AS "privateJwk", retired_at AS "retiredAt"
      FROM signing_keys ORDER BY created_at DESC`;
    if (existing.some((key) => key.retiredAt === null)) return existing;
    const kid = randomUUID();
    const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, {
      crv: 'Ed25519',
      extractable: true,
    });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOKEN_ALGORITHM };
    await tx`INSERT INTO signing_keys (kid, algorithm, public_jwk, private_jwk)
             VALUES (${kid}, ${TOKEN_ALGORITHM}, ${tx.json(publicJwk)}, ${tx.json(privateJwk)})`;
    return [{ kid, publicJwk, privateJwk, retiredAt: null }, ...existing];
  });
  const active = rows.find((key) => key.retiredAt === null)!;
  const privateKey = await importJWK(active.privateJwk, TOKEN_ALGORITHM);
  const jwks: JSONWebKeySet = { keys: rows.map((key) => key.publicJwk) };
  const local = createLocalJWKSet(jwks);

  return {
    sign: ({ userId, email, role }, ttlSeconds) =>
      new SignJWT({ email, role })
        .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: active.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setJti(randomUUID())
        .sign(privateKey),
    jwks: () => jwks,
    keySet: () => local,
  };
}
