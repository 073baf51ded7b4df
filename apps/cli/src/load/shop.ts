import { randomUUID } from 'node:crypto';
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

async function expectStatus<T>(
  what: string,
  expected: number,
  response: Promise<{ status: number; body: T }>,
): Promise<T> {
  const answer = await response;
  if (answer.status !== expected)
    throw new Error(`${what}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
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
  const { accessToken: admin } = await expectStatus<{ accessToken: string }>(
    'admin login',
    200,
    client.post('/api/auth/login', options.admin),
  );
  const buyers = await inBatches(options.buyers, 4, async (index) => {
    const account = {
      email: `load-${randomUUID()}@example.com`,
      password: 'orders per second please',
      name: `Load buyer ${index + 1}`,
    };
    const user = await expectStatus<{ id: string }>(
      'register',
      201,
      client.post('/api/auth/register', account),
    );
    const login = await expectStatus<{ accessToken: string }>(
      'login',
      200,
      client.post('/api/auth/login', { email: account.email, password: account.password }),
    );
    return { userId: user.id, token: login.accessToken };
  });
  const page = await expectStatus<{ items: { id: string }[] }>(
    'list products',
    200,
    client.get(`/api/products?limit=${Math.min(100, options.products)}`),
  );
  const productIds = page.items.map((product) => product.id);
  for (const productId of productIds) {
    // Inventory learns the catalogue from catalog's events: right after a first start it may not know a
    // product yet.
    for (let attempt = 0; ; attempt++) {
      const restock = await client.post(
        `/api/admin/inventory/${productId}/restock`,
        { quantity: options.unitsPerProduct },
        admin,
      );
      if (restock.status === 200) break;
      if (attempt > 100)
        throw new Error(`restock ${productId}: ${restock.status} ${JSON.stringify(restock.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { admin, buyers, productIds };
}

/** Places one order of one unit of `productId` paid with `card` (a test card number). */
export async function placeOrder(
  client: HttpClient,
  buyer: Buyer,
  productId: string,
  card = '4242424242424242',
): Promise<PlacedOrder> {
  const response = await client.post<{ orderId?: string; type?: string }>(
    '/api/orders',
    {
      items: [{ productId, quantity: 1 }],
      shippingAddress: SHIPPING_ADDRESS,
      paymentMethod: { type: 'card', number: card },
    },
    buyer.token,
  );
  return {
    status: response.status,
    ...(response.body?.orderId ? { orderId: response.body.orderId } : {}),
    ...(response.status !== 202 && response.body?.type ? { problemType: response.body.type } : {}),
  };
}

/** Sagas by status (admin API): how many orders have settled so far. */
export async function sagaCounts(client: HttpClient, admin: string): Promise<Record<string, number>> {
  const body = await expectStatus<{ counts: Record<string, number> }>(
    'saga counts',
    200,
    client.get('/api/admin/sagas?limit=1', admin),
  );
  return body.counts;
}

/** Every order of these buyers from the read model (newest first per buyer, followed page by page). */
export async function orderOutcomes(client: HttpClient, buyers: readonly Buyer[]): Promise<OrderOutcome[]> {
  const outcomes = await inBatches(buyers.length, 8, async (index) => {
    const buyer = buyers[index]!;
    const orders: OrderOutcome[] = [];
    for (let cursor: string | null = null; ; ) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: { items: OrderOutcome[]; nextCursor: string | null } = await expectStatus(
        'list orders',
        200,
        client.get(`/api/orders?limit=100${query}`, buyer.token),
      );
      orders.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return orders;
    }
  });
  return outcomes.flat();
}
