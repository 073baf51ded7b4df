import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ConfigError } from '@bazaar/config';
import type { RunningService } from '@bazaar/service-host';
import { freePort, skipUnless, spawnCli } from '@bazaar/testing';
import {
  call,
  closeAgents,
  type FakeUpstream,
  fakeUpstream,
  gateway,
  metric,
  UPSTREAM_VARIABLES,
  until,
} from './support/gateway-harness.js';

const run = promisify(execFile);

const storeIs = (base: string, store: 'redis' | 'local') => async () =>
  (await metric(base, new RegExp(`^gateway_rate_limit_store\\{store="${store}"`))) === 1;

let upstream: FakeUpstream;
before(async () => {
  upstream = await fakeUpstream();
});
after(async () => {
  await upstream.close();
  await closeAgents();
});

describe('gateway rate limits, in one instance', () => {
  let system: RunningService;
  before(async () => {
    system = await gateway(upstream, {
      RATE_LIMITS: JSON.stringify({
        default: { limit: 3, windowSeconds: 60 },
        auth: { limit: 2, windowSeconds: 30 },
        login: { limit: 4, windowSeconds: 60 },
        'login-email': { limit: 2, windowSeconds: 300 },
        orders: { limit: 2, windowSeconds: 60 },
      }),
    });
  });
  after(() => system.stop());

  it('given a user, when over the default limit, then 429 rate-limited with Retry-After and the RateLimit fields; another user is not affected', async () => {
    const ann = await upstream.token(`ann-${randomUUID()}`);
    const bob = await upstream.token(`bob-${randomUUID()}`);
    for (let i = 1; i <= 3; i++) {
      const answer = await call(system.url, 'GET', '/api/users/me', { token: ann });
      assert.equal(answer.status, 200);
      assert.equal(answer.header('ratelimit-policy'), '"default";q=3;w=60');
      assert.match(answer.header('ratelimit')!, new RegExp(`^"default";r=${3 - i};t=(60|59)$`));
    }
    const refused = await call(system.url, 'GET', '/api/users/me', { token: ann });
    assert.equal(refused.status, 429);
    assert.match(refused.header('content-type')!, /^application\/problem\+json/);
    assert.equal(refused.body.type, 'urn:bazaar:problem:rate-limited');
    assert.equal(refused.body.status, 429);
    assert.deepEqual(refused.body.policies, ['default']);
    const retryAfter = Number(refused.header('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 59 && retryAfter <= 60, String(retryAfter));
    assert.equal(refused.header('ratelimit-policy'), '"default";q=3;w=60');
    assert.match(refused.header('ratelimit')!, /^"default";r=0;t=(60|59)$/);
    // Charged to the user, not the address: Bob from the same address still has his whole quota.
    assert.equal((await call(system.url, 'GET', '/api/users/me', { token: bob })).status, 200);
  });

  it('given anonymous callers, when over the limit, then each address is limited on its own', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await call(system.url, 'GET', '/api/products', { address: '127.0.0.2' })).status, 200);
    assert.equal((await call(system.url, 'GET', '/api/products', { address: '127.0.0.2' })).status, 429);
    assert.equal((await call(system.url, 'GET', '/api/products', { address: '127.0.0.3' })).status, 200);
  });

  it('given order placement, then its own policy applies per user, apart from the default', async () => {
    const carl = await upstream.token(`carl-${randomUUID()}`);
    const order = { token: carl, body: { items: [] } };
    assert.equal((await call(system.url, 'POST', '/api/orders', order)).status, 200);
    const second = await call(system.url, 'POST', '/api/orders', order);
    assert.equal(second.header('ratelimit-policy'), '"orders";q=2;w=60');
    assert.equal((await call(system.url, 'POST', '/api/orders', order)).status, 429);
    assert.equal((await call(system.url, 'GET', '/api/orders', { token: carl })).status, 200);
  });

  it('given the other auth endpoints, then the auth policy applies per caller', async () => {
    const refresh = { body: { refreshToken: 'x' }, address: '127.0.0.4' };
    assert.equal((await call(system.url, 'POST', '/api/auth/refresh', refresh)).status, 200);
    assert.equal((await call(system.url, 'POST', '/api/auth/refresh', refresh)).status, 200);
    const refused = await call(system.url, 'POST', '/api/auth/refresh', refresh);
    assert.equal(refused.status, 429);
    assert.equal(refused.header('ratelimit-policy'), '"auth";q=2;w=30');
  });

  it('given logins for one e-mail from many addresses, then the per-e-mail limit refuses them, whatever the case', async () => {
    const email = `dora-${randomUUID()}@example.com`;
    const login = (address: string, spelled: string) =>
      call(system.url, 'POST', '/api/auth/login', { address, body: { email: spelled, password: 'guess' } });
    const first = await login('127.0.0.5', email);
    assert.equal(first.status, 200);
    assert.equal(first.header('ratelimit-policy'), '"login";q=4;w=60, "login-email";q=2;w=300');
    assert.match(first.header('ratelimit')!, /^"login";r=3;t=\d+, "login-email";r=1;t=\d+$/);
    assert.equal((await login('127.0.0.6', ` ${email.toUpperCase()} `)).status, 200);
    const refused = await login('127.0.0.7', email);
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.body.policies, ['login-email']);
    assert.ok(Number(refused.header('retry-after')) > 60, 'waits for the e-mail window (300 s)');
    // Registration shares the per-e-mail counter: the same address cannot be registered over and over.
    const register = await call(system.url, 'POST', '/api/auth/register', {
      address: '127.0.0.8',
      body: { email, password: 'p', name: 'D' },
    });
    assert.equal(register.status, 429);
  });

  it('given logins and registrations from one address with ever new e-mails, then the per-address limit refuses them', async () => {
    const attempt = (path: string) =>
      call(system.url, 'POST', path, {
        address: '127.0.0.9',
        body: { email: `e-${randomUUID()}@example.com`, password: 'guess', name: 'E' },
      });
    assert.equal((await attempt('/api/auth/register')).status, 200);
    assert.equal((await attempt('/api/auth/login')).status, 200);
    assert.equal((await attempt('/api/auth/login')).status, 200);
    assert.equal((await attempt('/api/auth/register')).status, 200);
    const refused = await attempt('/api/auth/login');
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.body.policies, ['login']);
    // A body without an e-mail is still charged to the address.
    const noEmail = await call(system.url, 'POST', '/api/auth/login', { address: '127.0.0.9', body: {} });
    assert.equal(noEmail.status, 429);
    assert.equal(noEmail.header('ratelimit-policy'), '"login";q=4;w=60');
  });

  it('given health, metrics and the decisions, then those are not limited and the decisions are counted', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await fetch(`${system.url}/health`)).status, 200);
    assert.ok(
      ((await metric(
        system.url,
        /^gateway_rate_limit_decisions_total\{policy="default",decision="limited"/,
      )) ?? 0) >= 1,
    );
    assert.ok(
      ((await metric(
        system.url,
        /^gateway_rate_limit_decisions_total\{policy="login-email",decision="allowed"/,
      )) ?? 0) >= 2,
    );
    assert.equal(await metric(system.url, /^gateway_rate_limit_store\{store="local"/), 1);
  });
});

describe('gateway rate-limit configuration', () => {
  it('given a bad RATE_LIMITS, when the gateway starts, then it refuses naming the variable', async () => {
    await assert.rejects(
      gateway(upstream, { RATE_LIMITS: '{"default":{"limit":-1}}' }),
      (error: unknown) =>
        error instanceof ConfigError && error.problems.some((problem) => problem.startsWith('RATE_LIMITS: ')),
    );
    await assert.rejects(
      gateway(upstream, { REDIS_URL: 'http://127.0.0.1:6379' }),
      (error: unknown) =>
        error instanceof ConfigError && error.problems.some((problem) => problem.startsWith('REDIS_URL: ')),
    );
  });

  it('given a bad RATE_LIMITS, when the gateway is served, then the process exits with 2 naming it', async () => {
    const urls = Object.fromEntries(UPSTREAM_VARIABLES.map((variable) => [variable, upstream.url]));
    const child = spawnCli(['serve', 'gateway'], {
      env: { ...process.env, ...urls, PORT: '0', RATE_LIMITS: '{"orders":{"limit":"many"}}' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout!.resume();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2, stderr);
    assert.match(stderr, /RATE_LIMITS: orders\.limit must be an integer/);
  });
});

describe('gateway rate limits shared in Redis', { skip: await skipUnless('redis') }, () => {
  const redisUrl = process.env.TEST_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';

  it('given 4 instances sharing Redis, when a burst of 10x the limit is spread over them, then at most the limit is admitted', async () => {
    const limit = 25;
    const prefix = `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const env = {
      REDIS_URL: redisUrl,
      BAZAAR_DB_PREFIX: prefix,
      RATE_LIMITS: JSON.stringify({ default: { limit, windowSeconds: 60 } }),
    };
    const instances = await Promise.all([1, 2, 3, 4].map(() => gateway(upstream, env)));
    try {
      for (const instance of instances)
        await until('the instance counts in Redis', storeIs(instance.url, 'redis'));
      const token = await upstream.token(`burst-${randomUUID()}`);
      const answers = await Promise.all(
        Array.from({ length: 10 * limit }, (_, i) =>
          call(instances[i % instances.length]!.url, 'GET', '/api/orders', { token }),
        ),
      );
      const admitted = answers.filter((answer) => answer.status === 200).length;
      const refused = answers.filter((answer) => answer.status === 429).length;
      assert.equal(admitted + refused, 10 * limit);
      // One atomic counter for all four: exactly the limit (the window cannot roll over in a 60 s window).
      assert.ok(admitted <= limit, `admitted ${admitted} of a limit of ${limit}`);
      assert.equal(admitted, limit);
      for (const instance of instances)
        assert.equal(await metric(instance.url, /^gateway_rate_limit_redis_fallbacks_total/), 0);
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  });

  it('given Redis stops mid-test, then the instances serve on local limits, count one fallback, and share again once it is back', async () => {
    const port = await freePort();
    const startRedis = () =>
      run('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'yes']);
    const stopRedis = () => run('redis-cli', ['-p', String(port), 'shutdown', 'nosave']).catch(() => {});
    await startRedis();
    const limit = 5;
    const env = {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      RATE_LIMITS: JSON.stringify({ default: { limit, windowSeconds: 60 } }),
    };
    const [a, b] = [await gateway(upstream, env), await gateway(upstream, env)] as const;
    const admittedOf = async (user: string) => {
      const token = await upstream.token(user);
      let admitted = 0;
      for (let i = 0; i < 2 * limit; i++) {
        const answer = await call((i % 2 === 0 ? a : b).url, 'GET', '/api/payments', { token });
        assert.ok(answer.status === 200 || answer.status === 429, String(answer.status));
        if (answer.status === 200) admitted++;
      }
      return admitted;
    };
    try {
      for (const instance of [a, b]) await until('shared', storeIs(instance.url, 'redis'));
      assert.equal(await admittedOf(`shared-${randomUUID()}`), limit, 'shared: the two count together');

      await stopRedis();
      // The first call after the outage may still be the one that finds out; all are answered.
      const duringOutage = await admittedOf(`outage-${randomUUID()}`);
      assert.ok(duringOutage > limit, `local: each instance counts for itself (admitted ${duringOutage})`);
      assert.equal(duringOutage, 2 * limit);
      for (const instance of [a, b]) {
        assert.equal(await metric(instance.url, /^gateway_rate_limit_store\{store="local"/), 1);
        assert.equal(await metric(instance.url, /^gateway_rate_limit_redis_fallbacks_total/), 1);
      }
      await sleep(1_500); // reconnection attempts fail meanwhile: still one fallback each
      assert.equal(await metric(a.url, /^gateway_rate_limit_redis_fallbacks_total/), 1);

      await startRedis();
      for (const instance of [a, b]) await until('shared again', storeIs(instance.url, 'redis'), 15_000);
      assert.equal(await admittedOf(`back-${randomUUID()}`), limit, 'shared again after Redis is back');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await stopRedis();
    }
  });
});
