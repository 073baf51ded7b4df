import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { checkInvariants, formatInvariants, type Solo, SoloConfig, startSolo } from '@bazaar/cli';
import { type BazaarClient, bearer, createBazaarClient } from '@bazaar/client';
import { loadConfig } from '@bazaar/config';
import {
  assertConformsToContract,
  contractCheckingMiddleware,
  dropDatabasesWithPrefix,
  eventually,
  GENEROUS_PROTECTIONS,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';

export const ADMIN = { email: 'admin@bazaar.local', password: 'e2e-admin-Passw0rd!' };

/** The whole system in this process on the real test server, with databases of its own. */
export async function startSoloForTests(
  env: NodeJS.ProcessEnv = {},
): Promise<Solo & { prefix: string; close(): Promise<void> }> {
  const prefix = uniqueDatabasePrefix('e2e');
  const serverUrl = testDatabaseServerUrl();
  const fullEnv = {
    DATABASE_URL: serverUrl,
    BAZAAR_DB_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...GENEROUS_PROTECTIONS,
    ...env,
  };
  const solo = await startSolo(loadConfig(SoloConfig, fullEnv), fullEnv);
  return Object.assign(solo, {
    prefix,
    async close() {
      await solo.stop();
      await dropDatabasesWithPrefix(serverUrl, prefix);
    },
  });
}

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
  body: any;
  text: string;
}

/** A real HTTP call through the gateway; its answer is checked against the committed API contract. */
export async function http(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  // Every answer an end-to-end suite receives must be one the committed contract documents.
  assertConformsToContract({
    method,
    path: new URL(path, base).pathname,
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
  });
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** The typed client of a system under test; every answer it receives is checked against the contract. */
export function typedClient(base: string): BazaarClient {
  return createBazaarClient({ baseUrl: base, middleware: [contractCheckingMiddleware()] });
}

/** An access token for these credentials (the login must succeed). */
export async function logIn(bazaar: BazaarClient, credentials: { email: string; password: string }) {
  const { email, password } = credentials;
  const login = await bazaar.POST('/api/auth/login', { body: { email, password } });
  assert.equal(login.response.status, 200, JSON.stringify(login.error));
  return login.data!.accessToken;
}

/** A new customer, registered and logged in. */
export async function registerCustomer(bazaar: BazaarClient, name = 'Buyer') {
  const account = {
    email: `${name.toLowerCase()}-${randomUUID()}@example.com`,
    password: 'a customer of the system under test',
    name,
  };
  const registered = await bazaar.POST('/api/auth/register', { body: account });
  assert.equal(registered.response.status, 201, JSON.stringify(registered.error));
  return { ...account, id: registered.data!.id, token: await logIn(bazaar, account) };
}

/** The first `limit` products, once inventory has learnt them from catalog's events (it stocks them then). */
export async function stockedProducts(bazaar: BazaarClient, base: string, limit: number): Promise<string[]> {
  const page = await bazaar.GET('/api/products', { params: { query: { limit } } });
  const products = page.data!.items.map((product) => product.id);
  await eventually(async () => {
    const stock = await http(base, 'GET', `/api/inventory?productIds=${products.join(',')}`);
    return stock.status === 200 && stock.body.items.length === products.length ? true : undefined;
  }, 'inventory knows the catalogue');
  return products;
}

/** Places an order for one unit of a stocked product with a card that succeeds; answers the order's id. */
export async function placeOrder(bazaar: BazaarClient, base: string, token: string): Promise<string> {
  const [productId] = await stockedProducts(bazaar, base, 1);
  const placed = await bazaar.POST('/api/orders', {
    headers: bearer(token),
    body: {
      items: [{ productId: productId!, quantity: 1 }],
      shippingAddress: {
        name: 'Ada',
        line1: '1 Test Road',
        city: 'Ghent',
        postalCode: '9000',
        country: 'BE',
      },
      paymentMethod: { type: 'card', number: '4242424242424242' },
    },
  });
  assert.equal(placed.response.status, 202, JSON.stringify(placed.error));
  return placed.data!.orderId;
}

/** Passes once the system is quiet and DESIGN.md §6 holds; fails with the checker's report otherwise. */
export async function invariantsHold(prefix: string, timeoutMs = 20_000): Promise<void> {
  let last = '';
  await eventually(
    async () => {
      const results = await checkInvariants(testDatabaseServerUrl(), prefix);
      last = formatInvariants(results);
      return results.every((result) => result.ok) ? true : undefined;
    },
    'the invariants hold',
    timeoutMs,
  ).catch(() => assert.fail(last));
}
