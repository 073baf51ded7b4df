import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  createTestTokenIssuer,
  injectJson,
  optionalServers,
  skipUnless,
  startTestService,
  type TestTokenIssuer,
} from '@bazaar/testing';
import { Registry } from 'prom-client';
import { cacheMetrics, redisCache } from '../src/application/product-cache.js';
import { catalogService } from '../src/service.js';
import { changePriceElsewhere, counted, until } from './cache-helpers.js';

type Catalog = Awaited<ReturnType<typeof startTestService>>;

let issuer: TestTokenIssuer;
let adminToken: string;

before(async () => {
  issuer = await createTestTokenIssuer();
  adminToken = await issuer.token({ role: 'admin' });
});

const read = (catalog: Catalog, id: string, headers: Record<string, string> = {}) =>
  catalog.app.inject({ method: 'GET', url: `/api/products/${id}`, headers });

async function firstProductId(catalog: Catalog, offset = 0): Promise<string> {
  const { body } = await injectJson(catalog.app)('GET', '/api/products?limit=20');
  return body.items[offset].id;
}

const patchPrice = (catalog: Catalog, id: string, amount: number) =>
  injectJson(catalog.app)('PATCH', `/api/products/${id}`, { price: { amount, currency: 'EUR' } }, adminToken);

describe('the in-process cache (no REDIS_URL)', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await startTestService(catalogService, {
      tokens: issuer.verifier,
      transport: true,
      env: { CATALOG_CACHE_MAX_AGE_SECONDS: '7' },
    });
  });
  after(async () => {
    await catalog?.close();
  });

  it('misses on the first read and hits on the next', async () => {
    const id = await firstProductId(catalog, 0);
    const misses = await counted(catalog, 'catalog_cache_misses_total', { reason: 'absent' });
    const hits = await counted(catalog, 'catalog_cache_hits_total', { store: 'memory' });
    const first = await read(catalog, id);
    const second = await read(catalog, id);
    assert.equal(first.statusCode, 200);
    assert.deepEqual(second.json(), first.json());
    assert.equal(await counted(catalog, 'catalog_cache_misses_total', { reason: 'absent' }), misses + 1);
    assert.equal(await counted(catalog, 'catalog_cache_hits_total', { store: 'memory' }), hits + 1);
  });

  it('answers with a strong ETag and Cache-Control, and 304 without a body for If-None-Match', async () => {
    const id = await firstProductId(catalog, 1);
    const first = await read(catalog, id);
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[^"]+"$/, 'strong');
    assert.equal(first.headers['cache-control'], 'public, max-age=7');
    const again = await read(catalog, id, { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    assert.equal(again.headers['cache-control'], 'public, max-age=7');
    assert.equal((await read(catalog, id, { 'if-none-match': '"something-else"' })).statusCode, 200);

    const changed = await patchPrice(catalog, id, first.json().price.amount + 100);
    assert.equal(changed.status, 200);
    const after = await read(catalog, id, { 'if-none-match': etag });
    assert.equal(after.statusCode, 200, 'the old ETag is no longer current');
    assert.notEqual(after.headers.etag, etag);
    assert.equal(after.json().price.amount, first.json().price.amount + 100);
  });

  it('puts Cache-Control on the list', async () => {
    const list = await catalog.app.inject({ method: 'GET', url: '/api/products?limit=2' });
    assert.equal(list.headers['cache-control'], 'public, max-age=7');
  });

  it('shows its own committed price change on the very next read', async () => {
    const id = await firstProductId(catalog, 2);
    await read(catalog, id);
    assert.equal((await patchPrice(catalog, id, 4321)).status, 200);
    assert.equal((await read(catalog, id)).json().price.amount, 4321);
  });

  it('reads the database for Cache-Control: no-cache', async () => {
    const id = await firstProductId(catalog, 3);
    await read(catalog, id);
    await changePriceElsewhere(catalog, id, 1111);
    const bypasses = await counted(catalog, 'catalog_cache_misses_total', { reason: 'bypass' });
    const fresh = await read(catalog, id, { 'cache-control': 'no-cache' });
    assert.equal(fresh.json().price.amount, 1111);
    assert.equal(await counted(catalog, 'catalog_cache_misses_total', { reason: 'bypass' }), bypasses + 1);
  });

  it('shows a price change committed elsewhere once its PriceChanged is delivered', async () => {
    const id = await firstProductId(catalog, 4);
    const cached = (await read(catalog, id)).json().price.amount;
    await changePriceElsewhere(catalog, id, cached + 7);
    await until(async () => assert.equal((await read(catalog, id)).json().price.amount, cached + 7));
    assert.ok((await counted(catalog, 'catalog_cache_invalidations_total', { reason: 'event' })) > 0);
  });
});

describe('without a cache (CATALOG_CACHE_SIZE=0)', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await startTestService(catalogService, {
      tokens: issuer.verifier,
      env: { CATALOG_CACHE_SIZE: '0' },
    });
  });
  after(async () => {
    await catalog?.close();
  });

  it('reads the database every time and still answers ETag and 304', async () => {
    const id = await firstProductId(catalog);
    const first = await read(catalog, id);
    await changePriceElsewhere(catalog, id, 2222);
    const second = await read(catalog, id, { 'if-none-match': first.headers.etag as string });
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().price.amount, 2222);
    assert.equal(await counted(catalog, 'catalog_cache_hits_total'), 0);
  });
});

describe('when Redis cannot be reached', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await startTestService(catalogService, {
      tokens: issuer.verifier,
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
    });
  });
  after(async () => {
    await catalog?.close();
  });

  it('reads the database, counts the Redis errors and never fails a read', async () => {
    const id = await firstProductId(catalog);
    for (let attempt = 0; attempt < 3; attempt++) assert.equal((await read(catalog, id)).statusCode, 200);
    assert.ok((await counted(catalog, 'catalog_cache_redis_errors_total')) >= 3);
    assert.equal(await counted(catalog, 'catalog_cache_hits_total'), 0);
    assert.equal((await patchPrice(catalog, id, 3333)).status, 200);
    assert.equal((await read(catalog, id)).json().price.amount, 3333);
  });
});

describe('the shared cache in Redis', { skip: await skipUnless('redis') }, () => {
  const redisUrl = optionalServers().redis.url;
  let a: Catalog;
  let b: Catalog;
  before(async () => {
    const env = { REDIS_URL: redisUrl };
    a = await startTestService(catalogService, { tokens: issuer.verifier, transport: true, env });
    b = await startTestService(catalogService, {
      tokens: issuer.verifier,
      transport: true,
      env,
      prefix: a.prefix,
    });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('serves one instance from what the other put in the cache', async () => {
    const id = await firstProductId(a, 0);
    const hits = await counted(a, 'catalog_cache_hits_total', { store: 'redis' });
    const fromB = await read(b, id);
    const fromA = await read(a, id);
    assert.deepEqual(fromA.json(), fromB.json());
    assert.equal(fromA.headers.etag, fromB.headers.etag);
    assert.equal(await counted(a, 'catalog_cache_hits_total', { store: 'redis' }), hits + 1);
  });

  it('shows a price changed through one instance on the next read of the other', async () => {
    const id = await firstProductId(a, 1);
    await read(a, id);
    await read(b, id);
    assert.equal((await patchPrice(a, id, 5555)).status, 200);
    const fromB = await read(b, id);
    assert.equal(fromB.json().price.amount, 5555);
    assert.equal(fromB.headers.etag, (await read(a, id)).headers.etag);
  });

  it('keeps both instances consistent after a change they hear of only by event', async () => {
    const id = await firstProductId(a, 2);
    const cached = (await read(a, id)).json().price.amount;
    await changePriceElsewhere(a, id, cached + 3);
    await until(async () => {
      assert.equal((await read(a, id)).json().price.amount, cached + 3);
      assert.equal((await read(b, id)).json().price.amount, cached + 3);
    });
  });

  it('never lets an older version replace a newer entry', async () => {
    const id = await firstProductId(a, 3);
    const metrics = cacheMetrics(new Registry());
    const cache = redisCache({
      url: redisUrl,
      namespace: `${a.prefix}_cas`,
      ttlSeconds: 30,
      log: a.context.log,
      metrics,
    });
    try {
      const product = {
        id,
        name: 'n',
        description: '',
        price: { amount: 200, currency: 'EUR' },
        category: 'c',
        imageUrl: null,
        createdAt: new Date(),
        updatedAt: new Date(),
        version: 2,
      };
      await until(async () => {
        await cache.put(product);
        assert.equal((await cache.get(id))?.version, 2);
      });
      await cache.put({ ...product, version: 1, price: { amount: 100, currency: 'EUR' } });
      assert.equal((await cache.get(id))?.price.amount, 200);
      await cache.put({ ...product, version: 3, price: { amount: 300, currency: 'EUR' } });
      assert.equal((await cache.get(id))?.price.amount, 300);
    } finally {
      await cache.close();
    }
  });

  it('keeps answering from the database when Redis goes away, and uses it again when it is back', async () => {
    // A TCP relay in front of Redis that the test can cut.
    const sockets = new Set<Socket>();
    let open = true;
    const relay = createServer((client) => {
      if (!open) return client.destroy();
      const upstream = connect(Number(new URL(redisUrl).port || 6379), new URL(redisUrl).hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as { port: number }).port;
    const c = await startTestService(catalogService, {
      tokens: issuer.verifier,
      env: { REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    try {
      const id = await firstProductId(c, 4);
      await read(c, id);
      await until(async () => {
        assert.equal((await read(c, id)).statusCode, 200);
        assert.ok((await counted(c, 'catalog_cache_hits_total', { store: 'redis' })) >= 1);
      });
      open = false;
      for (const socket of sockets) socket.destroy();
      const errors = await counted(c, 'catalog_cache_redis_errors_total');
      for (let attempt = 0; attempt < 3; attempt++) assert.equal((await read(c, id)).statusCode, 200);
      assert.ok((await counted(c, 'catalog_cache_redis_errors_total')) > errors);
      open = true;
      const hits = await counted(c, 'catalog_cache_hits_total', { store: 'redis' });
      await until(
        async () => {
          await read(c, id);
          assert.ok((await counted(c, 'catalog_cache_hits_total', { store: 'redis' })) > hits);
        },
        { timeoutMs: 10_000 },
      );
    } finally {
      await c.close();
      relay.close();
      for (const socket of sockets) socket.destroy();
    }
  });
});
