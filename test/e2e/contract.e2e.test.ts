import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { bearer, createBazaarClient } from '@bazaar/client';
import { contractCheckingMiddleware } from '@bazaar/testing';
import { startSoloForTests } from '../support/solo-for-tests.js';

// `npm run contract` sets this: the served documents become the committed snapshots.
const UPDATE = process.env.UPDATE_CONTRACT === '1';
const snapshotFile = (name: string) =>
  createRequire(import.meta.url).resolve(`@bazaar/client/contract/${name}`);

let system: Awaited<ReturnType<typeof startSoloForTests>>;
before(async () => {
  system = await startSoloForTests();
});
after(async () => {
  await system?.close();
});

async function served(path: string): Promise<unknown> {
  const response = await fetch(`${system.url}${path}`);
  assert.equal(response.status, 200);
  return response.json();
}

describe('the API contract', () => {
  for (const name of ['openapi.json', 'asyncapi.json']) {
    it(`serves the committed ${name} (a change to the contract is a reviewed diff of that file)`, async () => {
      const document = await served(`/${name}`);
      assert.equal((document as Record<string, unknown>)['x-unavailable'], undefined);
      if (UPDATE) {
        await writeFile(snapshotFile(name), `${JSON.stringify(document, null, 2)}\n`);
        return;
      }
      const committed = JSON.parse(await readFile(snapshotFile(name), 'utf8'));
      assert.deepEqual(
        document,
        committed,
        `the served ${name} differs from packages/client/contract/${name}: run \`npm run contract\` and commit the diff`,
      );
    });
  }

  it('is what the typed client speaks: a customer shops with it, each answer checked against the contract', async () => {
    const bazaar = createBazaarClient({ baseUrl: system.url, middleware: [contractCheckingMiddleware()] });
    const email = `client-${randomUUID()}@example.com`;
    const registered = await bazaar.POST('/api/auth/register', {
      body: { email, password: 'typed client Passw0rd', name: 'Tess' },
    });
    assert.equal(registered.response.status, 201);
    assert.equal(registered.data?.email, email);
    const login = await bazaar.POST('/api/auth/login', {
      body: { email, password: 'typed client Passw0rd' },
    });
    const token = login.data!.accessToken;

    const products = await bazaar.GET('/api/products', { params: { query: { limit: 2 } } });
    assert.equal(products.data?.items.length, 2);
    const placed = await bazaar.POST('/api/orders', {
      headers: { ...bearer(token), 'idempotency-key': randomUUID() },
      body: {
        items: [{ productId: products.data!.items[0]!.id, quantity: 1 }],
        shippingAddress: { name: 'Tess', line1: '1 Quay', city: 'Cork', postalCode: 'T12', country: 'IE' },
        paymentMethod: { type: 'card', number: '4242424242424242' },
      },
    });
    assert.equal(placed.response.status, 202);
    const order = await bazaar.GET('/api/orders/{id}', {
      params: { path: { id: placed.data!.orderId } },
      headers: bearer(token),
    });
    assert.equal(order.data?.id, placed.data!.orderId);

    // Errors are typed problems too.
    const missing = await bazaar.GET('/api/products/{id}', { params: { path: { id: randomUUID() } } });
    assert.equal(missing.response.status, 404);
    assert.equal(missing.error?.type, 'urn:bazaar:problem:not-found');
    const anonymous = await bazaar.GET('/api/users/me');
    assert.equal(anonymous.response.status, 401);
  });
});
