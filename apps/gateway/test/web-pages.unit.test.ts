import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceApp } from '@bazaar/service-host';
import Fastify from 'fastify';
import { webPages } from '../src/web-pages.js';

// The pages as the gateway serves them, from apps/web/dist (the test run builds it first).
const app = Fastify();

before(async () => {
  await webPages(app as unknown as ServiceApp);
  await app.ready();
});
after(() => app.close());

const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);

describe('the web pages at the gateway', () => {
  for (const [url, title] of [
    ['/', 'Bazaar shop'],
    ['/ops', 'Bazaar operations console'],
  ] as const) {
    it(`serves ${url} as HTML that is always revalidated, under a strict content security policy`, async () => {
      const page = await app.inject({ method: 'GET', url });
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, new RegExp(`<title>${title}</title>`));
      assert.equal(page.headers['cache-control'], 'no-cache');
      const csp = String(page.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.doesNotMatch(page.body, /<script>|<style>| on\w+=/, 'nothing inline');
      assert.equal(page.headers['x-content-type-options'], 'nosniff');
      assert.ok(assetsOf(page.body).some((asset) => asset.endsWith('.js')));
    });
  }

  it('serves the hashed assets for a year, compressed when the browser accepts it', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    for (const asset of assetsOf(page.body)) {
      const plain = await app.inject({ method: 'GET', url: asset });
      assert.equal(plain.statusCode, 200, asset);
      assert.match(String(plain.headers['cache-control']), /max-age=31536000.*immutable/);
      assert.match(String(plain.headers['content-type']), asset.endsWith('.js') ? /javascript/ : /text\/css/);
      const brotli = await app.inject({
        method: 'GET',
        url: asset,
        headers: { 'accept-encoding': 'br, gzip' },
      });
      assert.equal(brotli.headers['content-encoding'], 'br');
      assert.ok(brotli.rawPayload.length < plain.rawPayload.length);
    }
  });

  it('answers an unknown asset with 404, lists no folder and serves nothing outside it', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/assets/nothing-here.js' })).statusCode, 404);
    assert.ok([403, 404].includes((await app.inject({ method: 'GET', url: '/assets/' })).statusCode));
    assert.equal((await app.inject({ method: 'GET', url: '/assets/../shop.html' })).statusCode, 404);
  });
});
