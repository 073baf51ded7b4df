import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertConformsToContract, committedContract, type Exchange } from '../src/contract-checker.js';

const problem = (status: number, slug = 'not-found') =>
  JSON.stringify({
    type: `urn:bazaar:problem:${slug}`,
    title: 'Not found',
    status,
    detail: 'No such thing.',
  });
const product = {
  id: '0b9c6a52-5d3e-4f3a-9d7e-2c1b8a4f6e10',
  name: 'Mug',
  description: '',
  price: { amount: 1299, currency: 'EUR' },
  category: 'kitchen',
  imageUrl: null,
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
};
const exchange = (overrides: Partial<Exchange>): Exchange => ({
  method: 'GET',
  path: `/api/products/${product.id}`,
  status: 200,
  contentType: 'application/json; charset=utf-8',
  text: JSON.stringify(product),
  ...overrides,
});
const check = (overrides: Partial<Exchange>) => committedContract().check(exchange(overrides));

describe('responses checked against the committed contract', () => {
  it('accepts a documented status whose body matches its schema', () => {
    assert.deepEqual(check({}), []);
    assert.deepEqual(check({ status: 404, contentType: 'application/problem+json', text: problem(404) }), []);
  });

  it('refuses a status the operation does not document', () => {
    const found = check({
      status: 409,
      contentType: 'application/problem+json',
      text: problem(409, 'conflict'),
    });
    assert.match(found.join('\n'), /status 409 is not documented for getProduct/);
  });

  it('refuses a body that breaks the schema, naming where', () => {
    const { price: _price, ...withoutPrice } = product;
    assert.match(
      check({ text: JSON.stringify(withoutPrice) }).join('\n'),
      /must have required property 'price'/,
    );
    assert.match(
      check({ text: JSON.stringify({ ...product, id: 'not-a-uuid' }) }).join('\n'),
      /body\/id must match format "uuid"/,
    );
  });

  it('refuses a problem sent as plain JSON, and a problem without its members', () => {
    assert.match(
      check({ status: 404, contentType: 'application/json', text: problem(404) }).join('\n'),
      /content type application\/json is not one of application\/problem\+json/,
    );
    assert.match(
      check({ status: 404, contentType: 'application/problem+json', text: '{"title":"x"}' }).join('\n'),
      /required property 'type'/,
    );
  });

  it('picks the literal path over a parameter, and HEAD as GET without a body', () => {
    const me = check({ path: '/api/users/me', status: 200, text: '{}' });
    assert.match(me.join('\n'), /GET \/api\/users\/me → 200: body must have required property 'id'/);
    assert.deepEqual(check({ method: 'HEAD', text: '' }), []);
  });

  it('wants a 4xx problem for a path no operation has, and ignores what is not the API', () => {
    assert.deepEqual(
      check({
        path: '/api/nowhere',
        status: 404,
        contentType: 'application/problem+json',
        text: problem(404),
      }),
      [],
    );
    assert.match(check({ path: '/api/nowhere', status: 200 }).join('\n'), /no documented operation/);
    assert.deepEqual(check({ path: '/health', status: 200, contentType: 'text/plain', text: 'up' }), []);
  });

  it('throws with every finding and the body', () => {
    assert.throws(
      () => assertConformsToContract(exchange({ status: 418 })),
      /breaks the API contract:\n {2}GET \/api\/products\/.* → 418: status 418 is not documented/,
    );
  });
});
