/**
 * Orders through the whole system in solo mode: POST /api/orders through the gateway, then the saga
 * (reserve stock → capture payment → create shipment → confirm) over the event transport. Reports orders/s
 * from the first POST to the last CONFIRMED, and p50/p95/p99 of the POST and of the whole saga (placed →
 * confirmed, from the order's own step times). The same load runs on the PostgreSQL message store (the
 * default, the baseline) and on RabbitMQ, in one run; reading an order through the gateway is the floor.
 */
import { randomUUID } from 'node:crypto';
import { type Solo, SoloConfig, startSolo } from '@bazaar/cli';
import { loadConfig } from '@bazaar/config';
import { SUBSCRIPTIONS } from '@bazaar/contracts';
import { rabbitMqNames } from '@bazaar/messaging';
import { dropDatabasesWithPrefix, uniqueDatabasePrefix } from '@bazaar/testing';
import { connect } from 'amqplib';
import { benchDatabaseServer } from './src/storage.js';
import { machine, printTable } from './src/table.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL_ORDERS ?? 30);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const ADMIN = { email: 'admin@bazaar.local', password: 'bench-admin-Passw0rd' };

interface Outcome {
  label: string;
  ordersPerSecond: number;
  post: number[];
  saga: number[];
  read: number[];
  confirmed: number;
  /** Saga latency with one order at a time (no queue). */
  alone: number[];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function json(base: string, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function measure(label: string, system: Solo): Promise<Outcome> {
  const base = system.url;
  const admin = (await json(base, 'POST', '/api/auth/login', undefined, ADMIN)).body.accessToken as string;
  const buyers: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const account = {
      email: `bench-${randomUUID()}@example.com`,
      password: 'orders per second please',
      name: `Buyer ${i}`,
    };
    await json(base, 'POST', '/api/auth/register', undefined, account);
    const credentials = { email: account.email, password: account.password };
    buyers.push((await json(base, 'POST', '/api/auth/login', undefined, credentials)).body.accessToken);
  }
  const products = (await json(base, 'GET', '/api/products?limit=50')).body.items.map(
    (p: { id: string }) => p.id,
  );
  // Enough stock for every order: the benchmark measures the happy path.
  for (const productId of products) {
    for (;;) {
      const restock = await json(base, 'POST', `/api/admin/inventory/${productId}/restock`, admin, {
        quantity: ORDERS,
      });
      if (restock.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100)); // inventory still learning the catalogue
    }
  }
  const before = (await json(base, 'GET', '/api/admin/sagas?limit=1', admin)).body.counts.COMPLETED ?? 0;

  const post: number[] = [];
  const orderIds: { id: string; token: string }[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    buyers.map(async (token) => {
      while (next < ORDERS) {
        const n = next++;
        const sent = performance.now();
        const placed = await json(base, 'POST', '/api/orders', token, {
          items: [{ productId: products[n % products.length], quantity: 1 }],
          shippingAddress: {
            name: 'Bench',
            line1: '1 Load St',
            city: 'Berlin',
            postalCode: '10115',
            country: 'DE',
          },
          paymentMethod: { type: 'card', number: '4242424242424242' },
        });
        post.push(performance.now() - sent);
        if (placed.status !== 202)
          throw new Error(`POST /api/orders: ${placed.status} ${JSON.stringify(placed.body)}`);
        orderIds.push({ id: placed.body.orderId, token });
      }
    }),
  );
  for (;;) {
    const counts = (await json(base, 'GET', '/api/admin/sagas?limit=1', admin)).body.counts;
    if ((counts.COMPLETED ?? 0) - before + (counts.COMPENSATED ?? 0) >= ORDERS) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;

  const saga: number[] = [];
  const read: number[] = [];
  let confirmed = 0;
  for (const { id, token } of orderIds) {
    const sent = performance.now();
    const order = (await json(base, 'GET', `/api/orders/${id}`, token)).body;
    read.push(performance.now() - sent);
    if (order.status !== 'CONFIRMED') continue;
    confirmed++;
    const done = order.steps.find((step: { name: string }) => step.name === 'send-confirmation');
    saga.push(Date.parse(done.at) - Date.parse(order.createdAt));
  }
  // The same system without a queue: one order at a time, each waited for, so the saga's own latency shows.
  const alone: number[] = [];
  for (let n = 0; n < SEQUENTIAL; n++) {
    const token = buyers[0]!;
    const placed = await json(base, 'POST', '/api/orders', token, {
      items: [{ productId: products[n % products.length], quantity: 1 }],
      shippingAddress: {
        name: 'Bench',
        line1: '1 Load St',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      paymentMethod: { type: 'card', number: '4242424242424242' },
    });
    for (;;) {
      const order = (await json(base, 'GET', `/api/orders/${placed.body.orderId}`, token)).body;
      if (order.status !== 'PENDING') {
        const done = order.steps.find((step: { name: string }) => step.name === 'send-confirmation');
        if (done) alone.push(Date.parse(done.at) - Date.parse(order.createdAt));
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return { label, ordersPerSecond: ORDERS / seconds, post, saga, read, confirmed, alone };
}

async function withSystem<T>(serverUrl: string, env: NodeJS.ProcessEnv, use: (system: Solo) => Promise<T>) {
  const prefix = uniqueDatabasePrefix('benchorders');
  const fullEnv = {
    DATABASE_URL: serverUrl,
    BAZAAR_DB_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...env,
  };
  const system = await startSolo(loadConfig(SoloConfig, fullEnv), fullEnv);
  try {
    return await use(system);
  } finally {
    await system.stop();
    await dropDatabasesWithPrefix(serverUrl, prefix).catch(() => {});
    if (env.AMQP_URL) {
      const connection = await connect(env.AMQP_URL);
      const channel = await connection.createChannel();
      const names = rabbitMqNames(prefix);
      for (const { group } of SUBSCRIPTIONS)
        for (const queue of names.queues(group)) await channel.deleteQueue(queue);
      await channel.deleteExchange(names.exchange);
      await connection.close();
    }
  }
}

export async function run(): Promise<void> {
  const server = await benchDatabaseServer();
  try {
    const outcomes = [
      await withSystem(server.url, {}, (system) => measure('PostgreSQL message store (default)', system)),
      await withSystem(server.url, { AMQP_URL }, (system) => measure('RabbitMQ', system)),
    ];
    const baseline = outcomes[0]!.ordersPerSecond;
    const ms = (value: number) => value.toFixed(0);
    printTable(
      `${ORDERS} orders from ${CLIENTS} concurrent clients, POST → CONFIRMED, solo mode (${server.label}; ${machine()})`,
      [
        'transport',
        'orders/s',
        'vs default',
        'POST p50/p95/p99 ms',
        'saga p50/p95/p99 ms, under load',
        'saga p50/p95/p99 ms, one at a time',
        'GET order p50 ms',
        'confirmed',
      ],
      outcomes.map((outcome) => [
        outcome.label,
        outcome.ordersPerSecond.toFixed(1),
        `${(outcome.ordersPerSecond / baseline).toFixed(2)}×`,
        `${ms(percentile(outcome.post, 50))} / ${ms(percentile(outcome.post, 95))} / ${ms(percentile(outcome.post, 99))}`,
        `${ms(percentile(outcome.saga, 50))} / ${ms(percentile(outcome.saga, 95))} / ${ms(percentile(outcome.saga, 99))}`,
        `${ms(percentile(outcome.alone, 50))} / ${ms(percentile(outcome.alone, 95))} / ${ms(percentile(outcome.alone, 99))}`,
        percentile(outcome.read, 50).toFixed(1),
        `${outcome.confirmed}/${ORDERS}`,
      ]),
    );
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
