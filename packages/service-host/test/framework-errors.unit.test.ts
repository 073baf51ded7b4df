import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createServiceApp } from '../src/create-service-app.js';

// Found by `npm run fuzz`: the router refuses some paths before any route or hook runs, and Fastify then
// answered with its own JSON ({"code":"FST_ERR_BAD_URL",…}, or a 414 for a long parameter) instead of a
// problem. Every error answer must be application/problem+json.
describe('errors of the router itself', () => {
  const appWithRoute = async () => {
    const { app } = await createServiceApp({
      name: 'shop',
      description: 'Sells things.',
      logger: pino({ level: 'silent' }),
      openApi: 'none',
      readiness: [],
      dependencies: [],
      state: { started: true, stopping: false },
    });
    app.get('/internal/things/:id', async () => ({ ok: true }));
    return app;
  };

  for (const path of [
    '/internal/things/%',
    '/internal/things/%zz',
    '/internal/things/%C0%AF',
    '/internal/things/%ED%A0%80',
  ]) {
    it(`given a path that is not percent-encoded UTF-8 (${path}), when it is requested, then the answer is a 400 bad-path problem`, async () => {
      const app = await appWithRoute();
      const response = await app.inject({ method: 'GET', url: path, headers: { 'x-request-id': 'fuzz-1' } });
      assert.equal(response.statusCode, 400);
      assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
      assert.equal(response.headers['x-request-id'], 'fuzz-1');
      const problem = response.json();
      assert.equal(problem.type, 'urn:bazaar:problem:bad-path');
      assert.equal(problem.status, 400);
      await app.close();
    });
  }

  it('given a path parameter longer than the router allows, when it is requested, then the answer is a 400 bad-path problem, not a bare 414', async () => {
    const app = await appWithRoute();
    const response = await app.inject({ method: 'GET', url: `/internal/things/${'y'.repeat(201)}` });
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(response.json().type, 'urn:bazaar:problem:bad-path');
    await app.close();
  });

  /** Sends `raw` bytes to the app's port and answers everything the server wrote until it closed. */
  const rawExchange = async (raw: string) => {
    const app = await appWithRoute();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    try {
      return await new Promise<string>((resolve, reject) => {
        let answer = '';
        const socket = connect(port, '127.0.0.1', () => socket.write(raw));
        socket.on('data', (chunk) => {
          answer += chunk;
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(answer));
      });
    } finally {
      await app.close();
    }
  };

  it('given a request whose headers exceed the server limit, when it arrives, then the answer is a 431 problem and the connection closes', async () => {
    const answer = await rawExchange(
      `GET /internal/things/1?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 431 /);
    assert.match(head, /content-type: application\/problem\+json/i);
    const problem = JSON.parse(body);
    assert.equal(problem.type, 'urn:bazaar:problem:request-header-too-large');
    assert.equal(problem.status, 431);
  });

  it('given bytes that are not HTTP, when they arrive, then the answer is a 400 problem', async () => {
    const answer = await rawExchange('NOT HTTP AT ALL\r\n\r\n');
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 400 /);
    assert.equal(JSON.parse(body).type, 'urn:bazaar:problem:bad-request');
  });
});
