import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEntry, encodeEntry, memoryCache, replaces } from '../src/application/product-cache.js';
import type { Product } from '../src/domain/product.js';
import { cacheControlFor, etagOf, noneMatchHits, wantsFreshRead } from '../src/http/http-caching.js';

const product = (version: number, amount = 1999): Product => ({
  id: '7f9c1d2e-0000-4000-8000-000000000001',
  name: 'Widget',
  description: 'A widget',
  price: { amount, currency: 'EUR' },
  category: 'testing',
  imageUrl: null,
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-02T03:04:05.678Z'),
  version,
});

describe('replaces (which cache entry wins)', () => {
  it('given no entry, when any version arrives, then it is stored', () =>
    assert.equal(replaces(undefined, 1), true));
  it('given version 3, when version 4 arrives, then it replaces it', () =>
    assert.equal(replaces(3, 4), true));
  it('given version 3, when version 3 arrives again, then it replaces it (the same row)', () =>
    assert.equal(replaces(3, 3), true));
  it('given version 4, when a slow reader brings version 3, then version 4 stays', () =>
    assert.equal(replaces(4, 3), false));
});

describe('encodeEntry / decodeEntry', () => {
  it('given a product, when encoded and decoded, then it comes back equal, dates as dates', () =>
    assert.deepEqual(decodeEntry(encodeEntry(product(2))), product(2)));
  it('given text that is not an entry, when decoded, then it is a miss', () => {
    for (const text of ['', 'nope', '{}', '{"v":1}', '{"v":2,"p":{"version":1}}', 'null'])
      assert.equal(decodeEntry(text), undefined, text);
  });
  it('given an entry whose price is not integer minor units, when decoded, then it is a miss', () => {
    const bad = JSON.parse(encodeEntry(product(1)));
    bad.p.price.amount = 19.99;
    assert.equal(decodeEntry(JSON.stringify(bad)), undefined);
  });
});

describe('memoryCache', () => {
  it('given version 2 is cached, when version 1 is put, then reads still give version 2', async () => {
    const cache = memoryCache({ size: 10, ttlSeconds: 60 });
    await cache.put(product(2, 500));
    await cache.put(product(1, 400));
    assert.equal((await cache.get(product(1).id))?.price.amount, 500);
  });
  it('given version 1 is cached, when version 2 is put, then reads give version 2', async () => {
    const cache = memoryCache({ size: 10, ttlSeconds: 60 });
    await cache.put(product(1, 400));
    await cache.put(product(2, 500));
    assert.equal((await cache.get(product(1).id))?.version, 2);
  });
  it('given a size of 1, when a second product is put, then the first is evicted', async () => {
    const cache = memoryCache({ size: 1, ttlSeconds: 60 });
    await cache.put(product(1));
    await cache.put({ ...product(1), id: '7f9c1d2e-0000-4000-8000-000000000002' });
    assert.equal(await cache.get(product(1).id), undefined);
  });
});

describe('etagOf', () => {
  it('given two versions of a product, when tagged, then the strong tags differ', () => {
    assert.match(etagOf(product(1)), /^"[^"]+"$/);
    assert.notEqual(etagOf(product(1)), etagOf(product(2)));
  });
});

describe('noneMatchHits', () => {
  const etag = etagOf(product(3));
  it('given no If-None-Match, then it is no hit', () => assert.equal(noneMatchHits(undefined, etag), false));
  it('given the current tag, then it is a hit', () => assert.equal(noneMatchHits(etag, etag), true));
  it('given a list holding the current tag, then it is a hit', () =>
    assert.equal(noneMatchHits(`"x", ${etag} ,"y"`, etag), true));
  it('given the weak form of the current tag, then it is a hit (weak comparison)', () =>
    assert.equal(noneMatchHits(`W/${etag}`, etag), true));
  it('given *, then it is a hit', () => assert.equal(noneMatchHits('*', etag), true));
  it('given an older tag, then it is no hit', () =>
    assert.equal(noneMatchHits(etagOf(product(2)), etag), false));
});

describe('wantsFreshRead', () => {
  it('given no header, then the cache may answer', () => assert.equal(wantsFreshRead(undefined), false));
  it('given Cache-Control: no-cache, then the database answers', () =>
    assert.equal(wantsFreshRead('no-cache'), true));
  it('given no-cache among other directives in any case, then the database answers', () =>
    assert.equal(wantsFreshRead('no-store, No-Cache'), true));
  it('given max-age=0, then the database answers', () => assert.equal(wantsFreshRead('max-age=0'), true));
  it('given max-age=60, then the cache may answer', () => assert.equal(wantsFreshRead('max-age=60'), false));
  it('given only Pragma: no-cache, then the database answers', () =>
    assert.equal(wantsFreshRead(undefined, 'no-cache'), true));
});

describe('cacheControlFor', () => {
  it('given 5 seconds, then shared caches may keep it 5 seconds', () =>
    assert.equal(cacheControlFor(5), 'public, max-age=5'));
  it('given 0 seconds, then caches must revalidate', () => assert.equal(cacheControlFor(0), 'no-cache'));
});
