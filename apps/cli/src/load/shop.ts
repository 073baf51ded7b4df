import { randomUUID } from 'node:crypto';
import { bearer } from '@bazaar/client';
import type { HttpClient } from './http-client.js';

/** A registered, logged-in customer the load places orders for. */
export interface Buyer {
  userId: string;
  token: string;
}

export interface ShopSetup {
  admin: string;
  buyers: Buyer[];
  productIds: string[];
}

export interface PlacedOrder {
  status: number;
  orderId?: string;
  problemType?: string;
}

/** An order as the read model reports it after a run. */
export interface OrderOutcome {
  id: string;
  status: string;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

const SHIPPING_ADDRESS = {
  name: 'Load Test',
  line1: '1 Load Street',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

/** The typed success body of a call, or an error naming the status and problem that came instead. */
async function expectStatus<T>(
  what: string,
  expected: number,
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.status !== expected || data === undefined)
    throw new Error(`${what}: expected ${expected}, got ${response.status} ${JSON.stringify(error)}`);
  return data;
}

async function inBatches<T>(count: number, width: number, make: (index: number) => Promise<T>) {
  const results: T[] = [];
  for (let from = 0; from < count; from += width) {
    const batch = Array.from({ length: Math.min(width, count - from) }, (_, i) => make(from + i));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/**
 * Gets a running Bazaar ready for order load: logs the admin in, registers and logs in `buyers`
 * customers, and restocks the first `products` products so that `unitsPerProduct` more units each can be
 * sold (the load measures fulfilment, not running out of stock).
 */
export async function prepareShop(
  client: HttpClient,
  options: {
    admin: { email: string; password: string };
    buyers: number;
    products: number;
    unitsPerProduct: number;
  },
): Promise<ShopSetup> {
  const { api } = client;
  const { accessToken: admin } = await expectStatus(
    'admin login',
    200,
    api.POST('/api/auth/login', { body: options.admin }),
  );
  const buyers = await inBatches(options.buyers, 4, async (index) => {
    const account = {
      email: `load-${randomUUID()}@example.com`,
      password: 'orders per second please',
      name: `Load buyer ${index + 1}`,
    };
    const user = await expectStatus('register', 201, api.POST('/api/auth/register', { body: account }));
    const login = await expectStatus(
      'login',
      200,
      api.POST('/api/auth/login', { body: { email: account.email, password: account.password } }),
    );
    return { userId: user.id, token: login.accessToken };
  });
  const page = await expectStatus(
    'list products',
    200,
    api.GET('/api/products', { params: { query: { limit: Math.min(100, options.products) } } }),
  );
  const productIds = page.items.map((product) => product.id);
  for (const productId of productIds) {
    // Inventory learns the catalogue from catalog's events: right after a first start it may not know a
    // product yet.
    for (let attempt = 0; ; attempt++) {
      const restock = await api.POST('/api/admin/inventory/{productId}/restock', {
        params: { path: { productId } },
        headers: bearer(admin),
        body: { quantity: options.unitsPerProduct },
      });
      if (restock.response.status === 200) break;
      if (attempt > 100)
        throw new Error(`restock ${productId}: ${restock.response.status} ${JSON.stringify(restock.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { admin, buyers, productIds };
}

/**
 * Places one order of one unit of `productId` paid with `card` (a test card number), shipped to `country`
 * (AQ: shipping is unavailable there).
 */
export async function placeOrder(
  client: HttpClient,
  buyer: Buyer,
  productId: string,
  card = '4242424242424242',
  country = SHIPPING_ADDRESS.country,
): Promise<PlacedOrder> {
  const { data, error, response } = await client.api.POST('/api/orders', {
    headers: bearer(buyer.token),
    body: {
      items: [{ productId, quantity: 1 }],
      shippingAddress: { ...SHIPPING_ADDRESS, country },
      paymentMethod: { type: 'card', number: card },
    },
  });
  return {
    status: response.status,
    ...(data?.orderId ? { orderId: data.orderId } : {}),
    ...(error?.type ? { problemType: error.type } : {}),
  };
}

/** Sagas by status (admin API): how many orders have settled so far. */
export async function sagaCounts(client: HttpClient, admin: string): Promise<Record<string, number>> {
  const body = await expectStatus(
    'saga counts',
    200,
    client.api.GET('/api/admin/sagas', { params: { query: { limit: 1 } }, headers: bearer(admin) }),
  );
  return body.counts;
}

/** Every order of these buyers from the read model (newest first per buyer, followed page by page). */
export async function orderOutcomes(client: HttpClient, buyers: readonly Buyer[]): Promise<OrderOutcome[]> {
  const outcomes = await inBatches(buyers.length, 8, async (index) => {
    const buyer = buyers[index]!;
    const orders: OrderOutcome[] = [];
    for (let cursor: string | null = null; ; ) {
      const page: { items: OrderOutcome[]; nextCursor: string | null } = await expectStatus(
        'list orders',
        200,
        client.api.GET('/api/orders', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          headers: bearer(buyer.token),
        }),
      );
      orders.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return orders;
    }
  });
  return outcomes.flat();
}
