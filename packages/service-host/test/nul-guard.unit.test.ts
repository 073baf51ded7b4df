import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { findNulCharacter, installNulCharacterGuard } from '../src/nul-guard.js';
import { installProblemHandling } from '../src/problem-handler.js';

async function appWithEchoRoutes() {
  const app = Fastify();
  installProblemHandling(app);
  installNulCharacterGuard(app);
  let handled = 0;
  app.post('/things/:id', async (request) => {
    handled++;
    return { params: request.params, query: request.query, body: request.body };
  });
  app.get('/things', async () => {
    handled++;
    return { ok: true };
  });
  await app.ready();
  return { app, handled: () => handled };
}

describe('U+0000 at the edge', () => {
  it('finds the character in values and keys, nested, and names where', () => {
    assert.equal(findNulCharacter({ a: [{ b: 'ok' }, { c: 'x\u0000y' }] }), '/a/1/c');
    assert.equal(findNulCharacter({ 'k\u0000': 1 }), '/k\u0000');
    assert.equal(findNulCharacter({ 'a/b': { '~': '\u0000' } }), '/a~1b/~0');
    assert.equal(findNulCharacter('\u0000'), '/');
    assert.equal(findNulCharacter({ a: 'no', b: [1, true, null], c: { d: 'fine' } }), undefined);
  });

  it('refuses it in a JSON body with a 400 problem naming the field, before the handler runs', async () => {
    const { app, handled } = await appWithEchoRoutes();
    const response = await app.inject({
      method: 'POST',
      url: '/things/1',
      payload: { shippingAddress: { name: 'Ann\u0000' } },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    const problem = response.json();
    assert.equal(problem.status, 400);
    assert.deepEqual(problem.errors, [
      { pointer: '/shippingAddress/name', detail: 'must not contain U+0000' },
    ]);
    assert.equal(handled(), 0);
    await app.close();
  });

  it('refuses it in the query string and in path parameters', async () => {
    const { app, handled } = await appWithEchoRoutes();
    const query = await app.inject({ method: 'GET', url: '/things?q=a%00b' });
    assert.equal(query.statusCode, 400);
    assert.equal(query.json().errors[0].pointer, '/querystring/q');
    const path = await app.inject({ method: 'POST', url: '/things/a%00b', payload: {} });
    assert.equal(path.statusCode, 400);
    assert.equal(path.json().errors[0].pointer, '/params/id');
    assert.equal(handled(), 0);
    await app.close();
  });

  it('lets everything else through, other control characters included (routes judge those)', async () => {
    const { app, handled } = await appWithEchoRoutes();
    const response = await app.inject({
      method: 'POST',
      url: '/things/1?q=caf%C3%A9',
      payload: { note: 'tab\there', emoji: '🙂', list: ['a', 'b'] },
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().body.note, 'tab\there');
    assert.equal(handled(), 1);
    await app.close();
  });
});
