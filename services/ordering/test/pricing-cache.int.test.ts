import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { catalogService } from '@bazaar/catalog';
import { EVENT_TYPES } from '@bazaar/contracts';
import { requireDb, requireMessaging } from '@bazaar/service-host';
import { createTestTokenIssuer, injectJson, startTestService, type TestTokenIssuer } from '@bazaar/testing';
import { orderingService } from '../src/service.js';

// The catalog runs without a transport here: its PriceChanged events are never delivered, so its cache keeps
// the old price for as long as the test runs. Orders must be priced by the new one regardless.
let catalog: Awaited<ReturnType<typeof startTestService>>;
let ordering: Awaited<ReturnType<typeof startTestService>>;
let issuer: TestTokenIssuer;
let productIds: string[];
let customerToken: string;
let adminToken: string;

before(async () => {
  issuer = await createTestTokenIssuer();
  catalog = await startTestService(catalogService, { tokens: issuer.verifier });
  ordering = await startTestService(orderingService, {
    tokens: issuer.verifier,
    env: { CATALOG_URL: catalog.url },
  });
  const products = await injectJson(catalog.app)('GET', '/api/products?limit=5');
  productIds = products.body.items.map((p: { id: string }) => p.id);
  customerToken = await issuer.token({ userId: randomUUID() });
  adminToken = await issuer.token({ role: 'admin' });
});
after(async () => {
  await ordering?.close();
  await catalog?.close();
});

const readPrice = async (id: string) =>
  (await injectJson(catalog.app)('GET', `/api/products/${id}`)).body.price.amount as number;

async function orderOne(productId: string) {
  const placed = await ordering.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: { authorization: `Bearer ${customerToken}` },
    payload: {
      items: [{ productId, quantity: 1 }],
      shippingAddress: {
        name: 'Alice',
        line1: '1 Main St',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      paymentMethod: { type: 'card', number: '4242 4242 4242 4242' },
    },
  });
  assert.equal(placed.statusCode, 202, placed.body);
  const order = await injectJson(ordering.app)(
    'GET',
    placed.headers.location as string,
    undefined,
    customerToken,
  );
  return order.body.items[0].unitPrice.amount as number;
}

/** A new price committed with its PriceChanged by "another catalog instance": this one's cache misses it. */
async function changePriceElsewhere(id: string, amount: number) {
  const messaging = requireMessaging(catalog.context);
  await requireDb(catalog.context).begin(async (tx) => {
    const [before] = await tx<{ amount: number }[]>`
      SELECT price_amount::int AS amount FROM products WHERE id = ${id} FOR UPDATE`;
    await tx`UPDATE products SET price_amount = ${amount}, version = version + 1, updated_at = now()
             WHERE id = ${id}`;
    await messaging.publish(tx, [
      {
        type: EVENT_TYPES.priceChanged,
        subject: id,
        data: {
          productId: id,
          previousPrice: { amount: before!.amount, currency: 'EUR' },
          price: { amount, currency: 'EUR' },
        },
      },
    ]);
  });
}

describe('pricing never uses a stale cache entry', () => {
  it('prices an order by a price change committed right before, while the cache still holds the old one', async () => {
    const id = productIds[0]!;
    const old = await readPrice(id);
    await changePriceElsewhere(id, old + 500);
    assert.equal(await readPrice(id), old, 'the public read is still served from the stale entry');
    assert.equal(await orderOne(id), old + 500);
  });

  it('prices an order by a price changed through the catalog API the moment it answered', async () => {
    const id = productIds[1]!;
    const old = await readPrice(id);
    const changed = await injectJson(catalog.app)(
      'PATCH',
      `/api/products/${id}`,
      { price: { amount: old + 1, currency: 'EUR' } },
      adminToken,
    );
    assert.equal(changed.status, 200);
    assert.equal(await orderOne(id), old + 1);
  });
});
