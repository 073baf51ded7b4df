import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideRoute } from '../src/routing/route-table.js';

describe('gateway route table', () => {
  it('sends auth calls to identity without a token', () => {
    for (const path of ['/api/auth/register', '/api/auth/login', '/api/auth/refresh']) {
      assert.deepEqual(decideRoute('POST', path), {
        kind: 'forward',
        upstream: 'identity',
        requiresToken: false,
        rule: '/api/auth',
      });
    }
  });

  it('sends the mailbox to notification, read-only and with a token', () => {
    assert.deepEqual(decideRoute('GET', '/api/notifications'), {
      kind: 'forward',
      upstream: 'notification',
      requiresToken: true,
      rule: '/api/notifications',
    });
    assert.equal(decideRoute('POST', '/api/notifications').kind, 'method-not-allowed');
  });

  it("sends each service's messaging admin routes to that service, with a token", () => {
    for (const service of ['identity', 'catalog', 'ordering', 'notification'] as const) {
      assert.deepEqual(decideRoute('POST', `/api/admin/messaging/${service}/dead-letters/g/1/redrive`), {
        kind: 'forward',
        upstream: service,
        requiresToken: true,
        rule: `/api/admin/messaging/${service}`,
      });
    }
    assert.equal(decideRoute('GET', '/api/admin/messaging/billing').kind, 'not-found');
    assert.equal(decideRoute('GET', '/api/admin/messaging').kind, 'not-found');
  });

  it("sends each service's fault admin routes to that service, around its breaker", () => {
    for (const service of ['catalog', 'payment'] as const) {
      assert.deepEqual(decideRoute('DELETE', `/api/admin/faults/${service}`), {
        kind: 'forward',
        upstream: service,
        requiresToken: true,
        rule: `/api/admin/faults/${service}`,
        aroundPolicy: true,
      });
    }
    assert.equal(decideRoute('GET', '/api/admin/messaging/catalog').kind, 'forward');
    assert.equal(
      (decideRoute('GET', '/api/admin/messaging/catalog') as { aroundPolicy?: boolean }).aroundPolicy,
      undefined,
    );
  });

  it('publishes the JWKS anonymously', () => {
    assert.deepEqual(decideRoute('GET', '/.well-known/jwks.json'), {
      kind: 'forward',
      upstream: 'identity',
      requiresToken: false,
      rule: '/.well-known/jwks.json',
    });
  });

  it('requires a token for every users route', () => {
    for (const method of ['GET', 'PATCH']) {
      assert.deepEqual(decideRoute(method, '/api/users/me'), {
        kind: 'forward',
        upstream: 'identity',
        requiresToken: true,
        rule: '/api/users',
      });
    }
  });

  it('lets anyone read products but needs a token to change them', () => {
    assert.deepEqual(decideRoute('GET', '/api/products'), {
      kind: 'forward',
      upstream: 'catalog',
      requiresToken: false,
      rule: '/api/products',
    });
    assert.deepEqual(decideRoute('GET', '/api/products/abc'), {
      kind: 'forward',
      upstream: 'catalog',
      requiresToken: false,
      rule: '/api/products',
    });
    assert.deepEqual(decideRoute('POST', '/api/products'), {
      kind: 'forward',
      upstream: 'catalog',
      requiresToken: true,
      rule: '/api/products',
    });
    assert.deepEqual(decideRoute('PATCH', '/api/products/abc'), {
      kind: 'forward',
      upstream: 'catalog',
      requiresToken: true,
      rule: '/api/products',
    });
  });

  it('sends every order and projection-admin call to ordering with a token', () => {
    for (const [method, path, rule] of [
      ['POST', '/api/orders', '/api/orders'],
      ['GET', '/api/orders', '/api/orders'],
      ['GET', '/api/orders/abc/events', '/api/orders'],
      ['POST', '/api/admin/projections/order_summaries/rebuild', '/api/admin/projections'],
    ] as const) {
      assert.deepEqual(
        decideRoute(method, path),
        { kind: 'forward', upstream: 'ordering', requiresToken: true, rule },
        path,
      );
    }
  });

  it('matches whole path segments only', () => {
    assert.deepEqual(decideRoute('GET', '/api/productsx'), { kind: 'not-found' });
    assert.deepEqual(decideRoute('GET', '/api/usersettings'), { kind: 'not-found' });
    assert.deepEqual(decideRoute('POST', '/api/authority'), { kind: 'not-found' });
  });

  it('answers method-not-allowed with the methods that are', () => {
    assert.deepEqual(decideRoute('GET', '/api/auth/login'), {
      kind: 'method-not-allowed',
      allowed: ['POST'],
    });
  });

  it('refuses dot segments, empty segments and encoded separators', () => {
    for (const path of [
      '/api/products/../users/me',
      '/api/products/./x',
      '/api/products/..',
      '/api/products//x',
      '/api/products/%2e%2e/users',
      '/api/products/a%2Fb',
      '/api/products/a%5cb',
      '/api/products\\..\\users',
    ]) {
      assert.deepEqual(decideRoute('GET', path), { kind: 'bad-path' }, path);
    }
  });

  it('does not mistake dots inside a segment for dot segments', () => {
    assert.equal(decideRoute('GET', '/api/products/v1.2').kind, 'forward');
    assert.equal(decideRoute('GET', '/.well-known/jwks.json').kind, 'forward');
  });
});
