import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { context, createServiceTracing, inSpan, ROOT_CONTEXT } from '@bazaar/tracing';
import { pino } from 'pino';
import { createServiceApp } from '../src/create-service-app.js';
import { createLogger } from '../src/logger.js';

const CALLER = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;

async function tracedApp() {
  const tracing = createServiceTracing('shop', {});
  const { app } = await context.with(tracing.bind(ROOT_CONTEXT), () =>
    createServiceApp({
      name: 'shop',
      description: 'Sells things.',
      logger: pino({ level: 'silent' }),
      openApi: 'none',
      readiness: [],
      dependencies: [],
      state: { started: true, stopping: false },
      tracing,
    }),
  );
  app.get('/things/:id', async (request) => {
    // Work of the handler joins the request's span.
    await inSpan('look up', {}, async () => {});
    return { id: (request.params as { id: string }).id };
  });
  app.get('/broken', async () => {
    throw new Error('boom');
  });
  return { app, tracing };
}

describe('a server span per request', () => {
  it("given a request with a caller's traceparent, then its span continues that trace, named by the route pattern, with its status, and the handler's work is its child", async () => {
    const { app, tracing } = await tracedApp();
    const response = await app.inject({
      method: 'GET',
      url: '/things/42?x=1',
      headers: { traceparent: CALLER },
    });
    assert.equal(response.statusCode, 200);
    const spans = tracing.recent.find({ traceIds: ['ab'.repeat(16)] });
    const server = spans.find((span) => span.kind === 'server')!;
    assert.equal(server.name, 'GET /things/:id');
    assert.equal(server.parentSpanId, 'cd'.repeat(8));
    assert.equal(server.attributes['http.response.status_code'], 200);
    assert.equal(server.attributes['url.path'], '/things/42');
    assert.equal(server.service, 'shop');
    assert.equal(spans.find((span) => span.name === 'look up')?.parentSpanId, server.spanId);
    await app.close();
  });

  it('given a request that fails with a 500, then its span is marked as an error', async () => {
    const { app, tracing } = await tracedApp();
    await app.inject({ method: 'GET', url: '/broken', headers: { traceparent: CALLER } });
    const [server] = tracing.recent.find({ traceIds: ['ab'.repeat(16)] });
    assert.equal(server?.status, 'error');
    assert.equal(server?.attributes['http.response.status_code'], 500);
    await app.close();
  });

  it('given health probes and metric scrapes, then they are not traced', async () => {
    const { app, tracing } = await tracedApp();
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(tracing.recent.size, 0);
    await app.close();
  });
});

describe('trace ids in log lines', () => {
  it('given a line logged inside a span, then it carries trace_id and span_id; outside, neither', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    // The service logger's own mixin, on a logger that writes here instead of stdout.
    const mixin = (createLogger('shop', 'info') as unknown as Record<symbol, () => object>)[
      pino.symbols.mixinSym
    ];
    const logger = pino({ base: { service: 'shop' }, mixin }, sink);
    const tracing = createServiceTracing('shop', {});
    let ids = { traceId: '', spanId: '' };
    await context.with(tracing.bind(ROOT_CONTEXT), () =>
      inSpan('work', {}, async (span) => {
        ids = span.spanContext();
        logger.info('inside');
      }),
    );
    logger.info('outside');
    assert.equal(lines[0]?.trace_id, ids.traceId);
    assert.equal(lines[0]?.span_id, ids.spanId);
    assert.equal(lines[1]?.trace_id, undefined);
  });
});
