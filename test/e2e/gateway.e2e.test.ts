import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { databaseUrlFor } from '@bazaar/postgres';
import { testDatabaseServerUrl } from '@bazaar/testing';
import { importJWK, type JWK, SignJWT } from 'jose';
import postgres from 'postgres';
import { ADMIN, http, startSoloForTests } from '../support/solo-for-tests.js';

let system: Awaited<ReturnType<typeof startSoloForTests>>;
const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
  http(system.url, method, path, options);

let counter = 0;
async function newUser() {
  counter++;
  const account = {
    email: `e2e-${counter}-${Date.now()}@example.com`,
    password: 'a long enough passphrase',
    name: `E2E ${counter}`,
  };
  const registered = await call('POST', '/api/auth/register', { body: account });
  assert.equal(registered.status, 201, registered.text);
  const login = await call('POST', '/api/auth/login', {
    body: { email: account.email, password: account.password },
  });
  assert.equal(login.status, 200, login.text);
  return {
    account,
    id: registered.body.id as string,
    token: login.body.accessToken as string,
    refreshToken: login.body.refreshToken as string,
  };
}

/** Signs with identity's real private key, to build tokens that are valid in every respect but one. */
async function signWithRealKey(
  claims: Record<string, unknown>,
  options: { expiresAt?: number; audience?: string; subject: string },
) {
  const sql = postgres(databaseUrlFor(testDatabaseServerUrl(), `${system.prefix}_identity`), { max: 1 });
  try {
    const [key] = await sql<
      { privateJwk: JWK }[]
    >`SELECT private_jwk AS "privateJwk" FROM signing_keys WHERE retired_at IS NULL`;
    const privateKey = await importJWK(key!.privateJwk, 'EdDSA');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: key!.privateJwk.kid! })
      .setSubject(options.subject)
      .setIssuer('urn:bazaar:identity')
      .setAudience(options.audience ?? 'urn:bazaar:api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 300)
      .sign(privateKey);
  } finally {
    await sql.end();
  }
}

function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(system.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

function expectProblem(
  result: { status: number; headers: Headers; body: { type?: string; status?: number } },
  status: number,
  type?: string,
) {
  assert.equal(result.status, status, JSON.stringify(result.body));
  assert.match(result.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(result.body.status, status);
  if (type) assert.equal(result.body.type, `urn:bazaar:problem:${type}`);
}

before(async () => {
  system = await startSoloForTests();
});
after(async () => {
  await system?.close();
});

describe('walk-through through the gateway', () => {
  it('registers, logs in, reads itself and browses products', async () => {
    const user = await newUser();
    const me = await call('GET', '/api/users/me', { token: user.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.email, user.account.email);
    const products = await call('GET', '/api/products?limit=5');
    assert.equal(products.status, 200);
    assert.equal(products.body.items.length, 5);
    const one = await call('GET', `/api/products/${products.body.items[0].id}`);
    assert.equal(one.body.id, products.body.items[0].id);
  });

  it('refreshes tokens through the gateway without a bearer token', async () => {
    const user = await newUser();
    const refreshed = await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(refreshed.status, 200);
    assert.equal((await call('GET', '/api/users/me', { token: refreshed.body.accessToken })).status, 200);
  });

  it("keeps users out of each other's data", async () => {
    const alice = await newUser();
    const bob = await newUser();
    expectProblem(await call('GET', `/api/users/${alice.id}`, { token: bob.token }), 404, 'not-found');
    expectProblem(
      await call('PATCH', `/api/users/${alice.id}`, { token: bob.token, body: { name: 'Bob was here' } }),
      404,
    );
    assert.equal(
      (await call('GET', `/api/users/${alice.id}`, { token: alice.token })).body.name,
      alice.account.name,
    );
  });

  it('lets the seeded admin add a product that everyone then sees', async () => {
    const login = await call('POST', '/api/auth/login', { body: ADMIN });
    assert.equal(login.status, 200);
    const created = await call('POST', '/api/products', {
      token: login.body.accessToken,
      body: { name: 'Gateway Gadget', price: { amount: 4200, currency: 'EUR' }, category: 'gadgets' },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal((await call('GET', `/api/products/${created.body.id}`)).body.name, 'Gateway Gadget');
    const customer = await newUser();
    expectProblem(
      await call('POST', '/api/products', {
        token: customer.token,
        body: { name: 'x', price: { amount: 1, currency: 'EUR' }, category: 'x' },
      }),
      403,
      'forbidden',
    );
  });

  it('carries the request id through and echoes it', async () => {
    const result = await call('GET', '/api/products?limit=1', {
      headers: { 'x-request-id': 'trace-me-123' },
    });
    assert.equal(result.headers.get('x-request-id'), 'trace-me-123');
    const generated = await call('GET', '/api/products?limit=1');
    assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});

describe('tokens at the edge', () => {
  it('rejects protected routes without a token, with a WWW-Authenticate challenge', async () => {
    const result = await call('GET', '/api/users/me');
    expectProblem(result, 401, 'unauthorized');
    assert.match(result.headers.get('www-authenticate') ?? '', /^Bearer/);
    expectProblem(
      await call('GET', '/api/users/me', { headers: { authorization: 'Basic YTpi' } }),
      401,
      'unauthorized',
    );
  });

  it('rejects an expired token signed with the real key', async () => {
    const user = await newUser();
    const expired = await signWithRealKey(
      { email: user.account.email, role: 'customer' },
      { subject: user.id, expiresAt: Math.floor(Date.now() / 1000) - 60 },
    );
    const result = await call('GET', '/api/users/me', { token: expired });
    expectProblem(result, 401, 'invalid-token');
    assert.match(result.body.detail, /expired/);
  });

  it('rejects a token for another audience signed with the real key', async () => {
    const user = await newUser();
    const foreign = await signWithRealKey(
      { email: user.account.email, role: 'customer' },
      { subject: user.id, audience: 'urn:other:api' },
    );
    expectProblem(await call('GET', '/api/users/me', { token: foreign }), 401, 'invalid-token');
  });

  it('rejects a tampered token that claims the admin role', async () => {
    const user = await newUser();
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expectProblem(
      await call('GET', '/api/users/me', { token: `${header}.${forged}.${signature}` }),
      401,
      'invalid-token',
    );
    expectProblem(
      await call('POST', '/api/products', {
        token: `${header}.${forged}.${signature}`,
        body: { name: 'x', price: { amount: 1, currency: 'EUR' }, category: 'x' },
      }),
      401,
      'invalid-token',
    );
  });

  it("rejects 'alg: none' and HS256 tokens keyed with the public key", async () => {
    const user = await newUser();
    const payload = user.token.split('.')[1]!;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expectProblem(await call('GET', '/api/users/me', { token: none }), 401, 'invalid-token');

    const jwks = await call('GET', '/.well-known/jwks.json');
    assert.equal(jwks.status, 200);
    const secret = new TextEncoder().encode(JSON.stringify(jwks.body.keys[0]));
    const confused = await new SignJWT({ email: user.account.email, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: jwks.body.keys[0].kid })
      .setSubject(user.id)
      .setIssuer('urn:bazaar:identity')
      .setAudience('urn:bazaar:api')
      .setExpirationTime('5m')
      .setIssuedAt()
      .sign(secret);
    expectProblem(await call('GET', '/api/users/me', { token: confused }), 401, 'invalid-token');
  });

  it('rejects garbage and oversized tokens', async () => {
    for (const token of ['not-a-token', 'a.b', `${'a'.repeat(5000)}.b.c`, 'e30.e30.']) {
      expectProblem(await call('GET', '/api/users/me', { token }), 401);
    }
  });

  it('serves repeat calls from the verified-token cache', async () => {
    const user = await newUser();
    await call('GET', '/api/users/me', { token: user.token });
    await call('GET', '/api/users/me', { token: user.token });
    const metrics = await call('GET', '/metrics');
    const hits = Number(
      /gateway_token_cache_lookups\{result="hit",service="gateway"\} (\d+)/.exec(metrics.text)?.[1],
    );
    assert.ok(hits >= 1, metrics.text.slice(0, 500));
  });
});

describe('bad input through the gateway', () => {
  const register = (body: unknown) => call('POST', '/api/auth/register', { body });
  const good = { email: 'bad-input@example.com', password: 'a long enough passphrase', name: 'Bad Input' };

  it('answers malformed JSON with 400', async () => {
    for (const rawBody of ['{"email":', '{email: 1}', '[1,2', '\u0000']) {
      expectProblem(
        await call('POST', '/api/auth/register', {
          rawBody,
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'malformed-json',
      );
    }
  });

  it('answers wrong types, missing and unknown fields with a validation problem', async () => {
    for (const body of [
      { ...good, email: 12 },
      { ...good, password: ['x'] },
      { email: good.email, password: good.password },
      { ...good, isAdmin: true },
      { ...good, __proto__: { role: 'admin' }, role: 'admin' },
      'just a string',
      null,
    ]) {
      expectProblem(await register(body), 400, 'validation');
    }
  });

  it('answers SQL-looking strings as plain data', async () => {
    expectProblem(await register({ ...good, email: "admin@bazaar.local' --" }), 400, 'validation');
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'x@x.io', password: "' OR '1'='1" },
    });
    expectProblem(login, 401, 'invalid-credentials');
    expectProblem(
      await call('POST', '/api/auth/login', { body: { email: "x@x.io' OR '1'='1", password: 'x' } }),
      400,
      'validation',
    );
    const search = await call('GET', `/api/products?q=${encodeURIComponent('1; SELECT pg_sleep(10); --')}`);
    assert.equal(search.status, 200);
  });

  it('answers oversized bodies with 413 at the service and at the gateway', async () => {
    expectProblem(await register({ ...good, name: 'n'.repeat(50_000) }), 413, 'payload-too-large');
    expectProblem(await register({ ...good, name: 'n'.repeat(2 * 1024 * 1024) }), 413, 'payload-too-large');
  });

  it('answers over-long strings and page sizes with 400', async () => {
    expectProblem(await register({ ...good, password: 'p'.repeat(129) }), 400, 'validation');
    expectProblem(await call('GET', '/api/products?limit=1000'), 400, 'validation');
  });

  it('answers unknown routes with 404, wrong methods with 405 and dot segments with 400', async () => {
    expectProblem(await call('GET', '/api/nothing-here'), 404, 'not-found');
    expectProblem(await call('GET', '/nothing'), 404, 'not-found');
    const wrongMethod = await call('GET', '/api/auth/login');
    expectProblem(wrongMethod, 405, 'method-not-allowed');
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    // fetch would resolve the dot segments itself; a raw request sends them as an attacker would.
    for (const path of [
      '/api/products/%2e%2e/users/me',
      '/api/products/../users/me',
      '/api/products//x',
      '/api/products/a%2Fb',
    ]) {
      const raw = await rawGet(path);
      assert.equal(raw.status, 400, path);
      assert.equal(JSON.parse(raw.body).type, 'urn:bazaar:problem:bad-path');
    }
  });
});

describe('operations', () => {
  it('serves one OpenAPI 3.1 document for the whole public API, and Swagger UI', async () => {
    const document = await call('GET', '/openapi.json');
    assert.equal(document.body.openapi, '3.1.0');
    for (const path of ['/api/auth/register', '/api/users/me', '/api/products', '/api/products/{id}']) {
      assert.ok(document.body.paths[path], `${path} documented`);
    }
    assert.equal(document.body.paths['/health/ready'], undefined);
    const ui = await call('GET', '/docs/json');
    assert.ok(ui.body.paths['/api/products']);
    assert.equal((await call('GET', '/docs/')).status, 200);
  });

  it('reports readiness, a health summary with its upstreams, and Prometheus metrics', async () => {
    assert.equal((await call('GET', '/health/ready')).status, 200);
    const health = await call('GET', '/health');
    assert.equal(health.body.status, 'up');
    assert.equal(health.body.dependencies.length, 8);
    assert.equal((await call('GET', '/health/live')).status, 200);
    const metrics = await call('GET', '/metrics');
    assert.match(metrics.text, /http_request_duration_seconds_bucket/);
    assert.match(
      metrics.text,
      /gateway_upstream_requests_total\{upstream="catalog",outcome="2xx",service="gateway"\}/,
    );
  });

  it('answers 503 when an upstream is down, and the rest keeps working', async () => {
    const catalog = system.services.find((service) => service.name === 'catalog')!;
    await catalog.stop();
    expectProblem(await call('GET', '/api/products'), 503, 'upstream-unavailable');
    const health = await call('GET', '/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'degraded');
    assert.deepEqual(
      health.body.dependencies.map((d: { name: string; ok: boolean }) => [d.name, d.ok]),
      [
        ['identity', true],
        ['catalog', false],
        ['ordering', true],
        ['notification', true],
        ['inventory', true],
        ['payment', true],
        ['shipping', true],
        ['analytics', true],
      ],
    );
    assert.equal(
      (await call('GET', '/health/ready')).status,
      200,
      'a dependency down never makes the gateway unready',
    );
    const user = await newUser();
    assert.equal((await call('GET', '/api/users/me', { token: user.token })).status, 200);
  });
});
