import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ProblemError } from '@bazaar/problem';
import {
  base64url,
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import {
  createTokenVerifier,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  remoteKeySet,
  TOKEN_ALGORITHM,
  type TokenVerifierOptions,
} from '../src/index.js';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

let signing: KeyPair;
let other: KeyPair;
let publicJwk: JWK;
let keys: JWTVerifyGetKey;
const kid = randomUUID();

before(async () => {
  signing = await generateKeyPair(TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
  other = await generateKeyPair(TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
  publicJwk = { ...(await exportJWK(signing.publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  keys = createLocalJWKSet({ keys: [publicJwk] });
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

interface TokenShape {
  claims?: Record<string, unknown>;
  subject?: string | undefined;
  issuer?: string;
  audience?: string;
  issuedAt?: number | undefined;
  expiresAt?: number | undefined;
  kid?: string;
  key?: KeyPair['privateKey'];
}

/** A token as identity issues it; each field can be overridden (or set to undefined to leave the claim out). */
function token(shape: TokenShape = {}): Promise<string> {
  const issuedAt = 'issuedAt' in shape ? shape.issuedAt : nowSeconds();
  const expiresAt = 'expiresAt' in shape ? shape.expiresAt : nowSeconds() + 300;
  const subject = 'subject' in shape ? shape.subject : 'user-1';
  const jwt = new SignJWT({ role: 'customer', email: 'ann@example.com', ...shape.claims })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: shape.kid ?? kid })
    .setIssuer(shape.issuer ?? DEFAULT_ISSUER)
    .setAudience(shape.audience ?? DEFAULT_AUDIENCE);
  if (subject !== undefined) jwt.setSubject(subject);
  if (issuedAt !== undefined) jwt.setIssuedAt(issuedAt);
  if (expiresAt !== undefined) jwt.setExpirationTime(expiresAt);
  return jwt.sign(shape.key ?? signing.privateKey);
}

function verifier(options: Partial<TokenVerifierOptions> = {}) {
  return createTokenVerifier({ keys, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE, ...options });
}

const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));

/** Asserts that verifying is refused with the problem given. */
async function assertProblem(
  verifying: Promise<unknown>,
  expected: { status: number; type: string; detail?: RegExp },
): Promise<void> {
  await assert.rejects(verifying, (error: unknown) => {
    assert.ok(error instanceof ProblemError, `expected a ProblemError, got ${String(error)}`);
    assert.equal(error.status, expected.status, error.detail);
    assert.equal(error.type, expected.type);
    if (expected.detail) assert.match(error.detail ?? '', expected.detail);
    return true;
  });
}

const invalidToken = (detail?: RegExp) => ({
  status: 401,
  type: 'urn:bazaar:problem:invalid-token',
  ...(detail ? { detail } : {}),
});

describe('createTokenVerifier accepts', () => {
  it('a valid token and returns its principal', async () => {
    // given
    const expiresAt = nowSeconds() + 300;
    const jwt = await token({
      subject: 'user-42',
      claims: { role: 'admin', email: 'boss@example.com' },
      expiresAt,
    });
    // when
    const principal = await verifier().verify(jwt);
    // then
    assert.deepEqual(principal, {
      userId: 'user-42',
      role: 'admin',
      email: 'boss@example.com',
      expiresAt: expiresAt * 1000,
    });
  });

  it('a customer token', async () => {
    const principal = await verifier().verify(await token());
    assert.equal(principal.role, 'customer');
    assert.equal(principal.userId, 'user-1');
  });
});

describe('createTokenVerifier rejects with 401 invalid-token', () => {
  it('an expired token', async () => {
    const expired = await token({ issuedAt: nowSeconds() - 600, expiresAt: nowSeconds() - 60 });
    await assertProblem(verifier().verify(expired), invalidToken(/expired/));
  });

  it('a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await token()).split('.');
    const forgedPayload = encodeJson({
      sub: 'user-1',
      role: 'admin',
      email: 'ann@example.com',
      iss: DEFAULT_ISSUER,
      aud: DEFAULT_AUDIENCE,
      iat: nowSeconds(),
      exp: nowSeconds() + 300,
    });
    await assertProblem(
      verifier().verify(`${header}.${forgedPayload}.${signature}`),
      invalidToken(/signature/),
    );
  });

  it('a token whose signature was changed', async () => {
    const jwt = await token();
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await assertProblem(verifier().verify(`${header}.${payload}.${flipped}`), invalidToken(/signature/));
    await assertProblem(verifier().verify(`${header}.${payload}.${signature.slice(0, 40)}`), invalidToken());
  });

  it('an unsigned token with alg none', async () => {
    const header = encodeJson({ alg: 'none', typ: 'JWT' });
    const payload = encodeJson({
      sub: 'user-1',
      role: 'admin',
      email: 'ann@example.com',
      iss: DEFAULT_ISSUER,
      aud: DEFAULT_AUDIENCE,
      iat: nowSeconds(),
      exp: nowSeconds() + 300,
    });
    await assertProblem(verifier().verify(`${header}.${payload}.`), invalidToken(/algorithm/));
  });

  it('an HS256 token signed with the public key as the shared secret (algorithm confusion)', async () => {
    const secrets = [
      new TextEncoder().encode(await exportSPKI(signing.publicKey)),
      base64url.decode(publicJwk.x!),
    ];
    for (const secret of secrets) {
      const confused = await new SignJWT({ role: 'admin', email: 'ann@example.com' })
        .setProtectedHeader({ alg: 'HS256', kid })
        .setSubject('user-1')
        .setIssuer(DEFAULT_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(secret);
      await assertProblem(verifier().verify(confused), invalidToken(/algorithm/));
    }
  });

  it('a token signed by another key under a trusted kid', async () => {
    await assertProblem(verifier().verify(await token({ key: other.privateKey })), invalidToken(/signature/));
  });

  it('a token from another issuer', async () => {
    await assertProblem(
      verifier().verify(await token({ issuer: 'urn:evil:identity' })),
      invalidToken(/'iss'/),
    );
  });

  it('a token for another audience', async () => {
    await assertProblem(verifier().verify(await token({ audience: 'urn:other:api' })), invalidToken(/'aud'/));
  });

  it('a token without a role, with an unknown role, or without an email', async () => {
    const cases = [
      { role: undefined },
      { role: 'superuser' },
      { role: ['admin'] },
      { email: undefined },
      { email: 42 },
    ];
    for (const claims of cases) {
      await assertProblem(verifier().verify(await token({ claims })), invalidToken(/role or email/));
    }
  });

  it('a token without a subject, an expiry or an issue time', async () => {
    await assertProblem(verifier().verify(await token({ subject: undefined })), invalidToken(/'sub'/));
    await assertProblem(verifier().verify(await token({ expiresAt: undefined })), invalidToken(/'exp'/));
    await assertProblem(verifier().verify(await token({ issuedAt: undefined })), invalidToken(/'iat'/));
  });

  it('a token signed under a kid the key set does not hold', async () => {
    await assertProblem(verifier().verify(await token({ kid: randomUUID() })), invalidToken(/unknown key/));
  });

  it('a token that is not yet valid', async () => {
    const early = await new SignJWT({ role: 'customer', email: 'ann@example.com' })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid })
      .setSubject('user-1')
      .setIssuer(DEFAULT_ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setIssuedAt()
      .setNotBefore(nowSeconds() + 120)
      .setExpirationTime('5m')
      .sign(signing.privateKey);
    await assertProblem(verifier().verify(early), invalidToken(/'nbf'/));
  });

  it('text that is not a compact JWS', async () => {
    const garbage = [
      '',
      'not-a-token',
      'a.b',
      'a.b.c.d',
      'has spaces.in it.here',
      'ünï.cödé.tøken',
      `Bearer ${await token()}`,
      '...',
      '{"alg":"EdDSA"}.{}.sig',
    ];
    for (const text of garbage) {
      await assertProblem(verifier().verify(text), invalidToken());
    }
  });

  it('three base64url parts that do not decode to a JWS', async () => {
    const payload = encodeJson({ sub: 'user-1' });
    const garbage = [
      'aaaa.bbbb.cccc',
      `${base64url.encode('not json')}.${payload}.cccc`,
      `${encodeJson(null)}.${payload}.cccc`,
      `${encodeJson('EdDSA')}.${payload}.cccc`,
      `${encodeJson([1, 2])}.${payload}.cccc`,
      `${encodeJson({ alg: TOKEN_ALGORITHM, kid })}.${base64url.encode('not json')}.cccc`,
      `${encodeJson({ alg: TOKEN_ALGORITHM, kid, crit: ['exp'] })}.${payload}.cccc`,
    ];
    for (const text of garbage) {
      await assertProblem(verifier().verify(text), invalidToken());
    }
  });

  it('an over-long token even when its signature is valid', async () => {
    const long = await token({ claims: { email: `${'a'.repeat(5_000)}@example.com` } });
    assert.ok(long.length > 4096);
    await assertProblem(verifier().verify(long), invalidToken(/compact JWS/));
    await assertProblem(verifier().verify(`${'a'.repeat(5_000)}.b.c`), invalidToken(/compact JWS/));
  });

  it('with a WWW-Authenticate header naming the invalid_token error', async () => {
    await assert.rejects(verifier().verify('x.y.z'), (error: unknown) => {
      assert.ok(error instanceof ProblemError);
      assert.match(error.headers['www-authenticate'] ?? '', /^Bearer realm="bazaar", error="invalid_token"/);
      return true;
    });
  });
});

describe('createTokenVerifier cache', () => {
  it('serves a second verification of the same token from the cache', async () => {
    // given
    const tokens = verifier();
    const jwt = await token();
    // when
    const first = await tokens.verify(jwt);
    const second = await tokens.verify(jwt);
    // then
    assert.deepEqual(second, first);
    assert.deepEqual(tokens.cacheStats, { hits: 1, misses: 1, size: 1 });
  });

  it('keeps one entry per token', async () => {
    const tokens = verifier();
    await tokens.verify(await token({ subject: 'a' }));
    await tokens.verify(await token({ subject: 'b' }));
    assert.deepEqual(tokens.cacheStats, { hits: 0, misses: 2, size: 2 });
  });

  it('does not cache refused tokens', async () => {
    const tokens = verifier();
    const forged = await token({ key: other.privateKey });
    await assertProblem(tokens.verify(forged), invalidToken());
    await assertProblem(tokens.verify(forged), invalidToken());
    assert.deepEqual(tokens.cacheStats, { hits: 0, misses: 2, size: 0 });
  });

  it('checks every signature when cacheSize is 0', async () => {
    const tokens = verifier({ cacheSize: 0 });
    const jwt = await token();
    await tokens.verify(jwt);
    await tokens.verify(jwt);
    assert.deepEqual(tokens.cacheStats, { hits: 0, misses: 2, size: 0 });
  });

  it('evicts the least recently used token beyond cacheSize', async () => {
    const tokens = verifier({ cacheSize: 2 });
    for (const subject of ['a', 'b', 'c']) await tokens.verify(await token({ subject }));
    assert.equal(tokens.cacheStats.size, 2);
  });

  it('stops accepting a cached token at its expiry', async () => {
    // given a token cached one minute before it expires
    const expiresAt = nowSeconds() + 60;
    let clock = Date.now();
    const tokens = verifier({ now: () => clock });
    const jwt = await token({ expiresAt });
    await tokens.verify(jwt);
    await tokens.verify(jwt);
    assert.deepEqual(tokens.cacheStats, { hits: 1, misses: 1, size: 1 });

    // when the clock reaches a millisecond before exp it is still good
    clock = expiresAt * 1000 - 1;
    await tokens.verify(jwt);
    assert.equal(tokens.cacheStats.hits, 2);

    // then at exp it is refused by the cache itself (no signature check) and dropped from it
    clock = expiresAt * 1000;
    await assertProblem(tokens.verify(jwt), invalidToken(/expired/));
    assert.deepEqual(tokens.cacheStats, { hits: 2, misses: 1, size: 0 });

    // and it stays refused afterwards, now by the signature check
    await assertProblem(tokens.verify(jwt), invalidToken(/expired/));
    assert.equal(tokens.cacheStats.size, 0);
  });

  it('refuses an expired token through the `now` option even when the cache is off', async () => {
    const expiresAt = nowSeconds() + 60;
    const tokens = verifier({ cacheSize: 0, now: () => expiresAt * 1000 + 5_000 });
    await assertProblem(tokens.verify(await token({ expiresAt })), invalidToken(/expired/));
  });
});

describe('createTokenVerifier with a remote key set', () => {
  let server: Server;
  let baseUrl: string;
  let answer: 'keys' | 'error' | 'html' = 'keys';

  before(async () => {
    server = createHttpServer((request, response) => {
      if (answer === 'keys') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ keys: [publicJwk] }));
      } else if (answer === 'error') {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('boom');
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>not json</html>');
      }
      request.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const remoteVerifier = (url: string) =>
    verifier({ keys: remoteKeySet(url, { timeoutMs: 1_000, cooldownMs: 0 }) });

  it('accepts a token signed by a key the JWKS endpoint publishes', async () => {
    answer = 'keys';
    const principal = await remoteVerifier(`${baseUrl}/jwks`).verify(await token());
    assert.equal(principal.userId, 'user-1');
  });

  it('answers 503 when the key set cannot be fetched at all', async () => {
    // given a port nothing listens on
    const closedPort = await new Promise<number>((resolve, reject) => {
      const probe = createTcpServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject()));
      });
    });
    // when / then
    await assertProblem(remoteVerifier(`http://127.0.0.1:${closedPort}/jwks`).verify(await token()), {
      status: 503,
      type: 'urn:bazaar:problem:service-unavailable',
    });
  });

  it('answers 503 with Retry-After when the JWKS endpoint fails or answers something else', async () => {
    for (const failure of ['error', 'html'] as const) {
      answer = failure;
      await assert.rejects(remoteVerifier(`${baseUrl}/jwks`).verify(await token()), (error: unknown) => {
        assert.ok(error instanceof ProblemError);
        assert.equal(error.status, 503, `${failure}: ${error.detail}`);
        assert.equal(error.type, 'urn:bazaar:problem:service-unavailable');
        assert.equal(error.headers['retry-after'], '5');
        return true;
      });
    }
    answer = 'keys';
  });
});
