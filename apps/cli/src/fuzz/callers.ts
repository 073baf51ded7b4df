import { randomUUID } from 'node:crypto';
import { type BazaarClient, bearer, createBazaarClient } from '@bazaar/client';
import type { FuzzContext } from './requests.js';

/** The fuzz run's callers and the ids that exist in the system, found through the public API. */
export interface Setup extends FuzzContext {
  customer: { id: string; email: string };
}

/** The typed success body of a set-up call, or an error naming the status and problem that came instead. */
async function expectStatus<T>(
  what: string,
  status: number,
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.status !== status || data === undefined)
    throw new Error(`fuzz set-up: ${what} answered ${response.status} ${JSON.stringify(error)}`);
  return data;
}

async function register(api: BazaarClient, name: string) {
  const account = {
    email: `fuzz-${name}-${randomUUID()}@example.com`,
    password: 'a random walk through every route',
    name: `Tester ${name}`,
  };
  const user = await expectStatus('register', 201, api.POST('/api/auth/register', { body: account }));
  const tokens = await expectStatus(
    'log in',
    200,
    api.POST('/api/auth/login', { body: { email: account.email, password: account.password } }),
  );
  return { ...account, id: user.id, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
}

const SERVICES_WITH_MESSAGING = [
  'identity',
  'catalog',
  'ordering',
  'notification',
  'inventory',
  'payment',
  'shipping',
  'analytics',
] as const;

/**
 * Registers a customer (and a second one whose ids the first must not reach), logs the admin in when
 * credentials are given, places one order, and collects known values: user, product and order ids,
 * consumer groups, topics and projection names.
 */
export async function prepareCallers(
  baseUrl: string,
  admin: { email: string; password: string } | undefined,
): Promise<Setup> {
  const api = createBazaarClient({
    baseUrl,
    fetch: (request) => fetch(request, { signal: AbortSignal.timeout(10_000) }),
  });
  const customer = await register(api, 'customer');
  const other = await register(api, 'other');
  const adminToken = admin
    ? (await expectStatus('admin log in', 200, api.POST('/api/auth/login', { body: admin }))).accessToken
    : undefined;
  const products = await expectStatus(
    'list products',
    200,
    api.GET('/api/products', { params: { query: { limit: 20 } } }),
  );
  const productIds = products.items.map((product) => product.id);
  const categories = [...new Set(products.items.map((product) => product.category))];
  const orderIds: string[] = [];
  if (productIds[0]) {
    const placed = await api.POST('/api/orders', {
      headers: bearer(customer.accessToken),
      body: {
        items: [{ productId: productIds[0], quantity: 1 }],
        shippingAddress: {
          name: 'Fuzz',
          line1: '1 Fuzz Street',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
        paymentMethod: { type: 'card', number: '4242424242424242' },
      },
    });
    if (placed.data) orderIds.push(placed.data.orderId);
  }
  const groups = new Set<string>();
  const topics = new Set<string>();
  const projections: string[] = [];
  if (adminToken) {
    for (const service of SERVICES_WITH_MESSAGING) {
      const { data: messaging } = await api.GET(`/api/admin/messaging/${service}`, {
        headers: bearer(adminToken),
      });
      if (!messaging) continue;
      for (const topic of messaging.publishes) topics.add(topic);
      for (const consumer of messaging.consumers) {
        groups.add(consumer.group);
        for (const topic of consumer.topics) topics.add(topic);
      }
    }
    const { data: listed } = await api.GET('/api/admin/projections', { headers: bearer(adminToken) });
    for (const projection of listed?.items ?? []) projections.push(projection.name);
  }
  const userIds = [customer.id, other.id];
  return {
    customer: { id: customer.id, email: customer.email },
    tokens: { customer: customer.accessToken, ...(adminToken ? { admin: adminToken } : {}) },
    hints: {
      id: [...userIds, ...productIds.slice(0, 5), ...orderIds],
      userId: userIds,
      productId: productIds.slice(0, 10),
      orderId: orderIds,
      productIds: productIds.length > 0 ? [productIds.slice(0, 3).join(',')] : [],
      category: categories,
      group: [...groups],
      topic: [...topics],
      name: projections,
      email: [customer.email, other.email],
      password: [customer.password],
      refreshToken: [customer.refreshToken],
      // Test cards (approved, declined, insufficient funds, never answers), a country shipping refuses
      // and a known currency: valid orders and products get past the first refusal and run the saga.
      number: ['4242 4242 4242 4242', '4000000000000002', '4000000000009995', '4000000000000341'],
      country: ['DE', 'FR', 'AQ'],
      currency: ['EUR', 'USD'],
    },
  };
}
