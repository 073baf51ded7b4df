import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { injectJson, startTestService } from '@bazaar/testing';
import { identityService } from '../src/service.js';

type Identity = Awaited<ReturnType<typeof startTestService>>;
let identity: Identity;

const call = (...args: Parameters<ReturnType<typeof injectJson>>) => injectJson(identity.app)(...args);

let counter = 0;
function newAccount() {
  counter++;
  return {
    email: `User${counter}.${Date.now()}@Example.com`,
    password: 'correct horse battery',
    name: `User ${counter}`,
  };
}

async function registeredAndLoggedIn() {
  const account = newAccount();
  const registered = await call('POST', '/api/auth/register', account);
  assert.equal(registered.status, 201);
  const login = await call('POST', '/api/auth/login', { email: account.email, password: account.password });
  assert.equal(login.status, 200);
  return { account, user: registered.body, tokens: login.body };
}

before(async () => {
  identity = await startTestService(identityService);
});
after(async () => {
  await identity?.close();
});

describe('registration', () => {
  it('creates a customer with a normalised email and never returns the password', async () => {
    const account = newAccount();
    const { status, body, headers } = await call('POST', '/api/auth/register', account);
    assert.equal(status, 201);
    assert.equal(body.email, account.email.toLowerCase());
    assert.equal(body.role, 'customer');
    assert.equal(headers.location, `/api/users/${body.id}`);
    assert.equal(JSON.stringify(body).includes(account.password), false);
  });

  it('answers 409 when the email exists, whatever its case', async () => {
    const account = newAccount();
    assert.equal((await call('POST', '/api/auth/register', account)).status, 201);
    const again = await call('POST', '/api/auth/register', {
      ...account,
      email: account.email.toUpperCase(),
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.type, 'urn:bazaar:problem:email-taken');
  });

  it('lets exactly one of two concurrent registrations of one email win', async () => {
    const account = newAccount();
    const results = await Promise.all([1, 2, 3].map(() => call('POST', '/api/auth/register', account)));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409]);
  });

  it('rejects weak passwords with 400 and the reasons', async () => {
    for (const password of ['short', '1234567890', 'aaaaaaaaaaaa']) {
      const { status, body, headers } = await call('POST', '/api/auth/register', {
        ...newAccount(),
        password,
      });
      assert.equal(status, 400, password);
      assert.equal(body.type, 'urn:bazaar:problem:weak-password');
      assert.match(headers['content-type'] as string, /application\/problem\+json/);
      assert.ok(body.reasons.length > 0);
    }
  });

  it('rejects missing, mistyped and unknown fields with a validation problem naming the field', async () => {
    const account = newAccount();
    const cases: [unknown, string][] = [
      [{ email: account.email, name: 'x' }, '/password'],
      [{ ...account, email: 42 }, '/email'],
      [{ ...account, role: 'admin' }, '/role'],
      [{ ...account, email: "' OR 1=1 --" }, '/email'],
      [{ ...account, name: 'x'.repeat(101) }, '/name'],
      [{ ...account, name: '   ' }, '/name'],
      [[account], '/'],
    ];
    for (const [body, pointer] of cases) {
      const response = await call('POST', '/api/auth/register', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.type, 'urn:bazaar:problem:validation');
      assert.equal(response.body.errors[0].pointer, pointer, JSON.stringify(response.body));
    }
  });

  it('answers malformed JSON, wrong media types and oversized bodies with problems', async () => {
    const malformed = await identity.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().type, 'urn:bazaar:problem:malformed-json');

    const text = await identity.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().type, 'urn:bazaar:problem:unsupported-media-type');

    const huge = await call('POST', '/api/auth/register', { ...newAccount(), name: 'x'.repeat(20_000) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.type, 'urn:bazaar:problem:payload-too-large');
  });
});

describe('login and tokens', () => {
  it('issues an access and a refresh token for good credentials, in any email case', async () => {
    const account = newAccount();
    await call('POST', '/api/auth/register', account);
    const { status, body } = await call('POST', '/api/auth/login', {
      email: account.email.toUpperCase(),
      password: account.password,
    });
    assert.equal(status, 200);
    assert.equal(typeof body.accessToken, 'string');
    assert.equal(typeof body.refreshToken, 'string');
    assert.equal(body.expiresIn, 900);
  });

  it('answers 401 alike for a wrong password and an unknown email', async () => {
    const account = newAccount();
    await call('POST', '/api/auth/register', account);
    const wrong = await call('POST', '/api/auth/login', {
      email: account.email,
      password: 'not the password',
    });
    const unknown = await call('POST', '/api/auth/login', {
      email: 'nobody@example.com',
      password: account.password,
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual({ ...wrong.body, instance: undefined }, { ...unknown.body, instance: undefined });
  });

  it('publishes the verification key as a JWKS', async () => {
    const { status, body } = await call('GET', '/.well-known/jwks.json');
    assert.equal(status, 200);
    assert.equal(body.keys[0].alg, 'EdDSA');
    assert.equal(body.keys[0].d, undefined, 'never the private part');
  });

  it('rotates refresh tokens and revokes the whole session when a used one comes back', async () => {
    const { tokens } = await registeredAndLoggedIn();
    const first = await call('POST', '/api/auth/refresh', { refreshToken: tokens.refreshToken });
    assert.equal(first.status, 200);
    assert.notEqual(first.body.refreshToken, tokens.refreshToken);

    const replay = await call('POST', '/api/auth/refresh', { refreshToken: tokens.refreshToken });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.type, 'urn:bazaar:problem:refresh-token-reused');

    const revoked = await call('POST', '/api/auth/refresh', { refreshToken: first.body.refreshToken });
    assert.equal(revoked.status, 401, 'the newest token of the family is revoked too');
    assert.equal(revoked.body.type, 'urn:bazaar:problem:invalid-refresh-token');
  });

  it('lets only one of two concurrent refreshes with the same token through', async () => {
    const { tokens } = await registeredAndLoggedIn();
    const results = await Promise.all(
      [1, 2].map(() => call('POST', '/api/auth/refresh', { refreshToken: tokens.refreshToken })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 401]);
  });

  it('rejects an unknown refresh token', async () => {
    const { status, body } = await call('POST', '/api/auth/refresh', { refreshToken: 'x'.repeat(43) });
    assert.equal(status, 401);
    assert.equal(body.type, 'urn:bazaar:problem:invalid-refresh-token');
  });
});

describe('users', () => {
  it('shows the caller at /api/users/me', async () => {
    const { user, tokens } = await registeredAndLoggedIn();
    const { status, body } = await call('GET', '/api/users/me', undefined, tokens.accessToken);
    assert.equal(status, 200);
    assert.equal(body.id, user.id);
  });

  it('requires a bearer token', async () => {
    const { status, body, headers } = await call('GET', '/api/users/me');
    assert.equal(status, 401);
    assert.equal(body.type, 'urn:bazaar:problem:unauthorized');
    assert.match(String(headers['www-authenticate']), /^Bearer/);
  });

  it("answers 404 for another user's id, never their data", async () => {
    const alice = await registeredAndLoggedIn();
    const bob = await registeredAndLoggedIn();
    const { status, body } = await call(
      'GET',
      `/api/users/${alice.user.id}`,
      undefined,
      bob.tokens.accessToken,
    );
    assert.equal(status, 404);
    assert.equal(JSON.stringify(body).includes(alice.account.email.toLowerCase()), false);
    const patch = await call(
      'PATCH',
      `/api/users/${alice.user.id}`,
      { name: 'Mallory' },
      bob.tokens.accessToken,
    );
    assert.equal(patch.status, 404);
  });

  it('lets an admin read and change anyone, including their role', async () => {
    const alice = await registeredAndLoggedIn();
    const admin = await call('POST', '/api/auth/login', {
      email: 'admin@bazaar.local',
      password: 'admin-secret-Passw0rd',
    });
    assert.equal(admin.status, 200);
    const read = await call('GET', `/api/users/${alice.user.id}`, undefined, admin.body.accessToken);
    assert.equal(read.status, 200);
    const promoted = await call(
      'PATCH',
      `/api/users/${alice.user.id}`,
      { role: 'admin' },
      admin.body.accessToken,
    );
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, 'admin');
  });

  it('lets users rename themselves but not change their role', async () => {
    const { user, tokens } = await registeredAndLoggedIn();
    const renamed = await call('PATCH', `/api/users/${user.id}`, { name: 'New Name' }, tokens.accessToken);
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'New Name');
    const role = await call('PATCH', `/api/users/${user.id}`, { role: 'admin' }, tokens.accessToken);
    assert.equal(role.status, 403);
    const empty = await call('PATCH', `/api/users/${user.id}`, {}, tokens.accessToken);
    assert.equal(empty.status, 400);
  });

  it('refuses to move an email onto one that is taken', async () => {
    const alice = await registeredAndLoggedIn();
    const bob = await registeredAndLoggedIn();
    const { status } = await call(
      'PATCH',
      `/api/users/${bob.user.id}`,
      { email: alice.account.email },
      bob.tokens.accessToken,
    );
    assert.equal(status, 409);
  });

  it('answers 400 for an id that is not a uuid', async () => {
    const { tokens } = await registeredAndLoggedIn();
    const { status, body } = await call('GET', "/api/users/1'%20OR%20'1'='1", undefined, tokens.accessToken);
    assert.equal(status, 400);
    assert.equal(body.type, 'urn:bazaar:problem:validation');
  });
});

describe('events (outbox)', () => {
  const outbox = async (subject: string) =>
    identity.context.db!<
      {
        topic: string;
        envelope: { type: string; source: string; subject: string; data: Record<string, unknown> };
      }[]
    >`
      SELECT topic, envelope FROM outbox WHERE envelope->>'subject' = ${subject} ORDER BY id`;

  it('writes UserRegistered to the outbox with the new account, as a CloudEvent', async () => {
    const { user } = await registeredAndLoggedIn();
    const [event, ...more] = await outbox(user.id);
    assert.equal(more.length, 0);
    assert.equal(event!.topic, 'identity.users');
    assert.equal(event!.envelope.type, 'identity.user-registered');
    assert.equal(event!.envelope.source, '/bazaar/identity');
    assert.deepEqual(Object.keys(event!.envelope.data).sort(), ['email', 'name', 'registeredAt', 'userId']);
    assert.equal(event!.envelope.data.email, user.email);
  });

  it('writes no event for a registration that fails', async () => {
    const account = newAccount();
    await call('POST', '/api/auth/register', account);
    const [before] = await identity.context.db!<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox`;
    assert.equal((await call('POST', '/api/auth/register', account)).status, 409);
    assert.equal(
      (await call('POST', '/api/auth/register', { ...newAccount(), password: 'short' })).status,
      400,
    );
    const [after] = await identity.context.db!<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox`;
    assert.equal(after!.n, before!.n);
  });

  it('writes UserUpdated with the values after a change, and none for a refused change', async () => {
    const { user, tokens } = await registeredAndLoggedIn();
    await call('PATCH', `/api/users/${user.id}`, { name: 'Renamed Person' }, tokens.accessToken);
    await call('PATCH', `/api/users/${user.id}`, { role: 'admin' }, tokens.accessToken); // 403
    const events = await outbox(user.id);
    assert.deepEqual(
      events.map((event) => event.envelope.type),
      ['identity.user-registered', 'identity.user-updated'],
    );
    assert.equal(events[1]!.envelope.data.name, 'Renamed Person');
    assert.equal(events[1]!.envelope.data.role, 'customer');
  });
});

describe('the seeded admin', () => {
  const registrationsOf = async (service: Identity, email: string) =>
    service.context.db!<{ userId: string }[]>`
      SELECT o.envelope->'data'->>'userId' AS "userId" FROM outbox o
      WHERE o.envelope->>'type' = 'identity.user-registered' AND o.envelope->'data'->>'email' = ${email}`;

  it('given a first start, then the admin is announced with UserRegistered like any account (notification must know whom to mail), and a restart announces nothing more', async () => {
    const [first] = await registrationsOf(identity, 'admin@bazaar.local');
    const [admin] = await identity.context.db!<{ id: string }[]>`SELECT id FROM users WHERE role = 'admin'`;
    assert.equal(first?.userId, admin!.id);
    const again = await startTestService(identityService, { prefix: identity.prefix });
    try {
      assert.equal((await registrationsOf(again, 'admin@bazaar.local')).length, 1);
    } finally {
      await again.close();
    }
  });

  it('given no ADMIN_PASSWORD, then the generated admin is announced too', async () => {
    const generated = await startTestService(identityService, {
      env: { ADMIN_PASSWORD: '', ADMIN_EMAIL: 'root@bazaar.local' },
    });
    try {
      assert.equal((await registrationsOf(generated, 'root@bazaar.local')).length, 1);
    } finally {
      await generated.close();
    }
  });
});

describe('operations', () => {
  it('is ready once migrated and exposes RED metrics per route', async () => {
    assert.equal((await call('GET', '/health/ready')).status, 200);
    await call('GET', '/api/users/me');
    const metrics = await identity.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(
      metrics.body,
      /http_requests_total\{method="GET",route="\/api\/users\/me",status_code="401",service="identity"\} \d+/,
    );
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const { body } = await call('GET', '/openapi.json');
    assert.equal(body.openapi, '3.1.0');
    assert.ok(body.paths['/api/auth/register'].post);
  });
});
