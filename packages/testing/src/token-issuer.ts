import { randomUUID } from 'node:crypto';
import {
  createTokenVerifier,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  TOKEN_ALGORITHM,
  type TokenVerifier,
} from '@bazaar/auth';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestTokenIssuer {
  verifier: TokenVerifier;
  /** A token as identity would issue it; override claims to forge bad ones. */
  token(claims: {
    userId?: string;
    role?: 'customer' | 'admin';
    email?: string;
    expiresInSeconds?: number;
  }): Promise<string>;
}

/** Signs tokens with a fresh Ed25519 key that only this issuer's verifier trusts. */
export async function createTestTokenIssuer(): Promise<TestTokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, {
    crv: 'Ed25519',
    extractable: true,
  });
  const kid = randomUUID();
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM }] });
  return {
    verifier: createTokenVerifier({ keys: jwks, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE }),
    token: ({
      userId = randomUUID(),
      role = 'customer',
      email = 'someone@example.com',
      expiresInSeconds = 300,
    }) =>
      new SignJWT({ role, email })
        .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid })
        .setSubject(userId)
        .setIssuer(DEFAULT_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
        .sign(privateKey),
  };
}
