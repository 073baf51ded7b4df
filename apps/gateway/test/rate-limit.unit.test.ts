import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@bazaar/config';
import { documentRateLimits } from '../src/docs/merged-openapi.js';
import {
  chargesFor,
  counterKey,
  DEFAULT_POLICIES,
  decide,
  emailFromBody,
  isLimitedPath,
  parsePolicies,
  rateLimitHeaders,
  retryAfterSeconds,
} from '../src/rate-limit/policy.js';
import { createLocalStore } from '../src/rate-limit/store.js';

function configError(text: string): ConfigError {
  try {
    parsePolicies(text);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail(`expected ${text} to be refused`);
}

describe('rate-limit policies from RATE_LIMITS', () => {
  it('given nothing, when parsed, then every default applies', () => {
    assert.deepEqual(parsePolicies(undefined), DEFAULT_POLICIES);
    assert.deepEqual(parsePolicies('  '), DEFAULT_POLICIES);
  });

  it('given one member of one policy, when parsed, then only that member changes', () => {
    const policies = parsePolicies('{"orders":{"limit":5},"login-email":{"windowSeconds":900}}');
    assert.deepEqual(policies.orders, { limit: 5, windowSeconds: DEFAULT_POLICIES.orders.windowSeconds });
    assert.deepEqual(policies['login-email'], {
      limit: DEFAULT_POLICIES['login-email'].limit,
      windowSeconds: 900,
    });
    assert.deepEqual(policies.default, DEFAULT_POLICIES.default);
  });

  it('given bad text, when parsed, then a ConfigError names RATE_LIMITS and the fault', () => {
    for (const [text, fault] of [
      ['{not json', 'is not JSON'],
      ['[1]', 'must be a JSON object'],
      ['{"everything":{"limit":1}}', "unknown policy 'everything'"],
      ['{"default":5}', "policy 'default' must be an object"],
      ['{"default":{"limit":0}}', 'default.limit must be an integer'],
      ['{"default":{"limit":1.5}}', 'default.limit must be an integer'],
      ['{"auth":{"windowSeconds":"60"}}', 'auth.windowSeconds must be an integer'],
      ['{"auth":{"windowSeconds":86401}}', 'auth.windowSeconds must be an integer'],
      ['{"auth":{"burst":3}}', "unknown member 'burst'"],
    ] as const) {
      const error = configError(text);
      assert.equal(error.problems.length, 1);
      assert.match(error.problems[0]!, /^RATE_LIMITS: /);
      assert.ok(error.problems[0]!.includes(fault), `${text}: ${error.problems[0]}`);
    }
  });
});

describe('what a request is charged to', () => {
  it('given login or registration, then per address and per e-mail', () => {
    for (const path of ['/api/auth/login', '/api/auth/register'])
      assert.deepEqual(chargesFor('POST', path), [
        { policy: 'login', key: 'address' },
        { policy: 'login-email', key: 'email' },
      ]);
  });

  it('given the rest of /api/auth, order placement and anything else, then per caller', () => {
    assert.deepEqual(chargesFor('POST', '/api/auth/refresh'), [{ policy: 'auth', key: 'caller' }]);
    assert.deepEqual(chargesFor('POST', '/api/orders'), [{ policy: 'orders', key: 'caller' }]);
    assert.deepEqual(chargesFor('GET', '/api/orders'), [{ policy: 'default', key: 'caller' }]);
    assert.deepEqual(chargesFor('POST', '/api/orders/x/cancel'), [{ policy: 'default', key: 'caller' }]);
    assert.deepEqual(chargesFor('GET', '/api/products'), [{ policy: 'default', key: 'caller' }]);
  });

  it('given health, metrics or the documents, then nothing is limited', () => {
    for (const path of ['/health', '/health/ready', '/metrics', '/openapi.json', '/docs/'])
      assert.equal(isLimitedPath(path), false, path);
    for (const path of ['/api/products', '/.well-known/jwks.json']) assert.equal(isLimitedPath(path), true);
  });

  it('given a body, then the e-mail is trimmed and lower-case, and absent when it is not a string', () => {
    assert.equal(
      emailFromBody(Buffer.from('{"email":"  Ann@Example.COM ","password":"x"}')),
      'ann@example.com',
    );
    assert.equal(emailFromBody(Buffer.from('{"email":42}')), undefined);
    assert.equal(emailFromBody(Buffer.from('not json')), undefined);
    assert.equal(emailFromBody(Buffer.from('"ann@example.com"')), undefined);
    assert.equal(emailFromBody(undefined), undefined);
  });

  it('given an e-mail, then its key does not show it, and one spelling is one key', () => {
    const key = counterKey('login-email', 'email', 'ann@example.com');
    assert.ok(!key.includes('ann'));
    assert.equal(key, counterKey('login-email', 'email', 'ann@example.com'));
    assert.equal(counterKey('default', 'user', 'u1'), 'default:user:u1');
  });
});

describe('decisions and the RateLimit fields', () => {
  const policy = { limit: 100, windowSeconds: 60 };

  it('given a count within the limit, then allowed with what remains', () => {
    const decision = decide('default', policy, { count: 58, resetMs: 16_200 });
    assert.deepEqual(decision, {
      policy: 'default',
      limit: 100,
      windowSeconds: 60,
      remaining: 42,
      resetSeconds: 17,
      allowed: true,
    });
    assert.deepEqual(rateLimitHeaders([decision]), {
      'ratelimit-policy': '"default";q=100;w=60',
      ratelimit: '"default";r=42;t=17',
    });
  });

  it('given a count over the limit, then refused, nothing remains and Retry-After is at least 1 s', () => {
    const decision = decide('default', policy, { count: 101, resetMs: 10 });
    assert.equal(decision.allowed, false);
    assert.equal(decision.remaining, 0);
    assert.equal(retryAfterSeconds([decision]), 1);
  });

  it('given two policies, then both are listed and Retry-After waits for the exhausted one', () => {
    const address = decide('login', { limit: 20, windowSeconds: 60 }, { count: 3, resetMs: 50_000 });
    const email = decide('login-email', { limit: 5, windowSeconds: 300 }, { count: 6, resetMs: 200_000 });
    assert.deepEqual(rateLimitHeaders([address, email]), {
      'ratelimit-policy': '"login";q=20;w=60, "login-email";q=5;w=300',
      ratelimit: '"login";r=17;t=50, "login-email";r=0;t=200',
    });
    assert.equal(retryAfterSeconds([address, email]), 200);
  });
});

describe('local fixed-window counters', () => {
  it('given hits in one window, then they add up; after the window, counting starts again', () => {
    let now = 1_000;
    const store = createLocalStore(() => now);
    try {
      assert.deepEqual(store.hitSync([{ key: 'k', windowMs: 1_000 }]), [{ count: 1, resetMs: 1_000 }]);
      now = 1_400;
      assert.deepEqual(store.hitSync([{ key: 'k', windowMs: 1_000 }]), [{ count: 2, resetMs: 600 }]);
      assert.deepEqual(store.hitSync([{ key: 'other', windowMs: 1_000 }]), [{ count: 1, resetMs: 1_000 }]);
      now = 2_000;
      assert.deepEqual(store.hitSync([{ key: 'k', windowMs: 1_000 }]), [{ count: 1, resetMs: 1_000 }]);
    } finally {
      store.close();
    }
  });
});

describe('the rate limits in the merged API document', () => {
  it('given a proxied operation, then it documents 429 and the RateLimit headers on its answers', () => {
    const document = {
      openapi: '3.1.0',
      info: {},
      paths: {
        '/api/products': {
          get: {
            responses: { 200: { description: 'ok' }, 400: { $ref: '#/components/responses/BadRequest' } },
          },
        },
        '/health': { get: { responses: { 200: { description: 'ok' } } } },
      },
      components: { responses: { BadRequest: { description: 'bad' } } },
    };
    documentRateLimits(document);
    const get = document.paths['/api/products'].get.responses as Record<string, Record<string, unknown>>;
    assert.deepEqual(get['429'], { $ref: '#/components/responses/TooManyRequests' });
    assert.deepEqual(Object.keys(get['200']!.headers as object), ['RateLimit-Policy', 'RateLimit']);
    assert.equal((document.paths['/health'].get.responses as Record<string, unknown>)['429'], undefined);
    const responses = document.components.responses as Record<string, { headers?: object }>;
    assert.deepEqual(Object.keys(responses.TooManyRequests!.headers!).sort(), [
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
    ]);
    assert.ok(responses.BadRequest!.headers);
    assert.ok((document.components as { headers?: object }).headers);
  });
});
