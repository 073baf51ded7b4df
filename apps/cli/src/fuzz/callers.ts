import { randomUUID } from 'node:crypto';
import type { FuzzContext } from './requests.js';

/** The fuzz run's callers and the ids that exist in the system, found through the public API. */
export interface Setup extends FuzzContext {
  customer: { id: string; email: string };
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
) {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: set-up answers are read field by field
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

async function expect(what: string, status: number, answer: Promise<Awaited<ReturnType<typeof call>>>) {
  const result = await answer;
  if (result.status !== status)
    throw new Error(`fuzz set-up: ${what} answered ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

async function register(baseUrl: string, name: string) {
  const account = {
    email: `fuzz-${name}-${randomUUID()}@example.com`,
    password: 'a random walk through every route',
    name: `Tester ${name}`,
  };
  const user = await expect('register', 201, call(baseUrl, 'POST', '/api/auth/register', { body: account }));
  const tokens = await expect(
    'log in',
    200,
    call(baseUrl, 'POST', '/api/auth/login', { body: { email: account.email, password: account.password } }),
  );
  return {
    ...account,
    id: user.id as string,
    accessToken: tokens.accessToken as string,
    refreshToken: tokens.refreshToken as string,
  };
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
];

/**
 * Registers a customer (and a second one whose ids the first must not reach), logs the admin in when
 * credentials are given, places one order, and collects known values: user, product and order ids,
 * consumer groups, topics and projection names.
 */
export async function prepareCallers(
  baseUrl: string,
  admin: { email: string; password: string } | undefined,
): Promise<Setup> {
  const customer = await register(baseUrl, 'customer');
  const other = await register(baseUrl, 'other');
  const adminToken = admin
    ? ((await expect('admin log in', 200, call(baseUrl, 'POST', '/api/auth/login', { body: admin })))
        .accessToken as string)
    : undefined;
  const products = await expect('list products', 200, call(baseUrl, 'GET', '/api/products?limit=20'));
  const productIds = (products.items as { id: string; category: string }[]).map((product) => product.id);
  const categories = [
    ...new Set((products.items as { category: string }[]).map((product) => product.category)),
  ];
  const orderIds: string[] = [];
  if (productIds[0]) {
    const placed = await call(baseUrl, 'POST', '/api/orders', {
      token: customer.accessToken,
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
    if (placed.status === 202) orderIds.push(placed.body.orderId);
  }
  const groups = new Set<string>();
  const topics = new Set<string>();
  const projections: string[] = [];
  if (adminToken) {
    for (const service of SERVICES_WITH_MESSAGING) {
      const messaging = await call(baseUrl, 'GET', `/api/admin/messaging/${service}`, { token: adminToken });
      if (messaging.status !== 200) continue;
      for (const topic of messaging.body.publishes ?? []) topics.add(topic);
      for (const consumer of messaging.body.consumers ?? []) {
        groups.add(consumer.group);
        for (const topic of consumer.topics ?? []) topics.add(topic);
      }
    }
    const listed = await call(baseUrl, 'GET', '/api/admin/projections', { token: adminToken });
    for (const projection of listed.body?.items ?? []) projections.push(projection.name);
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
