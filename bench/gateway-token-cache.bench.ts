/**
 * Gateway request rate on GET /api/users/me with the verified-token cache on and off, side by side in one
 * run, with identity called directly as the floor. Rounds alternate between the targets so drift on a
 * shared machine hits both alike. Also times token verification alone, in process.
 */

import { analyticsService } from '@bazaar/analytics';
import { createTokenVerifier, DEFAULT_AUDIENCE, DEFAULT_ISSUER, remoteKeySet } from '@bazaar/auth';
import { catalogService } from '@bazaar/catalog';
import { createBazaarClient } from '@bazaar/client';
import { gatewayService } from '@bazaar/gateway';
import { identityService } from '@bazaar/identity';
import { inventoryService } from '@bazaar/inventory';
import { notificationService } from '@bazaar/notification';
import { orderingService } from '@bazaar/ordering';
import { paymentService } from '@bazaar/payment';
import { type RunningService, startService } from '@bazaar/service-host';
import { shippingService } from '@bazaar/shipping';
import { dropDatabasesWithPrefix, GENEROUS_RATE_LIMITS, uniqueDatabasePrefix } from '@bazaar/testing';
import autocannon from 'autocannon';
import { benchDatabaseServer } from './src/storage.js';
import { machine, printTable } from './src/table.js';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function load(url: string, token: string, seconds: number) {
  const result = await autocannon({
    url: `${url}/api/users/me`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

export async function run(): Promise<void> {
  const server = await benchDatabaseServer();
  const prefix = uniqueDatabasePrefix('bench');
  const started: RunningService[] = [];
  try {
    const common = { databaseServerUrl: server.url, databasePrefix: prefix, logLevel: 'warn' as const };
    // The gateway routes to every service, so every service runs (without a transport: this measures HTTP).
    const identity = await startService(identityService, common);
    started.push(identity);
    const tokens = createTokenVerifier({
      keys: remoteKeySet(`${identity.url}/.well-known/jwks.json`),
      issuer: DEFAULT_ISSUER,
      audience: DEFAULT_AUDIENCE,
    });
    const urls: Record<string, string> = { IDENTITY_URL: identity.url };
    for (const [variable, definition, env] of [
      ['CATALOG_URL', catalogService, {}],
      ['INVENTORY_URL', inventoryService, {}],
      ['PAYMENT_URL', paymentService, {}],
      ['SHIPPING_URL', shippingService, {}],
      ['NOTIFICATION_URL', notificationService, {}],
      ['ANALYTICS_URL', analyticsService, {}],
    ] as const) {
      const running = await startService(definition, { ...common, tokens, env });
      started.push(running);
      urls[variable] = running.url;
    }
    const ordering = await startService(orderingService, {
      ...common,
      tokens,
      env: { CATALOG_URL: urls.CATALOG_URL },
    });
    started.push(ordering);
    urls.ORDERING_URL = ordering.url;
    const gateway = (cacheSize: number) =>
      startService(gatewayService, {
        ...common,
        env: {
          ...urls,
          TOKEN_CACHE_SIZE: String(cacheSize),
          // One user at full speed: far above a real per-user limit, and the limiter is part of what is measured.
          RATE_LIMITS: GENEROUS_RATE_LIMITS,
        },
      });
    const cached = await gateway(10_000);
    const uncached = await gateway(0);
    started.push(cached, uncached);

    const account = {
      email: 'bench@example.com',
      password: 'correct horse battery staple',
      name: 'Load Tester',
    };
    const bazaar = createBazaarClient({ baseUrl: cached.url });
    const registered = await bazaar.POST('/api/auth/register', { body: account });
    if (registered.response.status !== 201)
      throw new Error(`registration failed: ${JSON.stringify(registered.error)}`);
    const login = await bazaar.POST('/api/auth/login', {
      body: { email: account.email, password: account.password },
    });
    if (!login.data) throw new Error(`login failed: ${JSON.stringify(login.error)}`);
    const { accessToken } = login.data;

    const targets = [
      { name: 'gateway, token cache on', url: cached.url },
      { name: 'gateway, token cache off', url: uncached.url },
      { name: 'identity direct (no gateway)', url: identity.url },
    ];
    const totals = new Map(
      targets.map((target) => [
        target.name,
        { requests: 0, seconds: 0, p50: [] as number[], p99: [] as number[] },
      ]),
    );
    for (const target of targets) await load(target.url, accessToken, 1); // warm-up: JIT, pools, caches
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        const result = await load(target.url, accessToken, DURATION_SECONDS);
        const total = totals.get(target.name)!;
        total.requests += result.requests.total;
        total.seconds += result.duration;
        total.p50.push(result.latency.p50);
        total.p99.push(result.latency.p99);
      }
    }
    const rate = (name: string) => totals.get(name)!.requests / totals.get(name)!.seconds;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const baseline = rate('gateway, token cache off');
    printTable(
      `GET /api/users/me, ${CONNECTIONS} connections, ${ROUNDS} × ${DURATION_SECONDS} s per target (${server.label}; ${machine()})`,
      ['target', 'req/s', 'p50 ms', 'p99 ms', 'vs cache off'],
      targets.map(({ name }) => [
        name,
        rate(name).toFixed(0),
        median(totals.get(name)!.p50).toFixed(1),
        median(totals.get(name)!.p99).toFixed(1),
        `${(rate(name) / baseline).toFixed(2)}×`,
      ]),
    );

    // Verification alone: what a cache hit saves per request.
    const verify = async (cacheSize: number, iterations: number) => {
      const verifier = createTokenVerifier({
        keys: remoteKeySet(`${identity.url}/.well-known/jwks.json`),
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
        cacheSize,
      });
      await verifier.verify(accessToken);
      const start = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) await verifier.verify(accessToken);
      return Number(process.hrtime.bigint() - start) / 1000 / iterations;
    };
    const withoutCache = await verify(0, 20_000);
    const withCache = await verify(10_000, 200_000);
    printTable(
      'Token verification in process (EdDSA signature check vs cache hit)',
      ['verifier', 'µs per token', 'vs cache off'],
      [
        ['signature check every time', withoutCache.toFixed(2), '1.00×'],
        [
          'verified-token cache hit',
          withCache.toFixed(2),
          `${(withoutCache / withCache).toFixed(1)}× faster`,
        ],
      ],
    );
  } finally {
    for (const service of started.reverse()) await service.stop();
    await dropDatabasesWithPrefix(server.url, prefix).catch(() => {});
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
