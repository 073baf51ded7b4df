import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startOtlpReceiver } from '@bazaar/testing';
import {
  context,
  contextFromHeaders,
  createServiceTracing,
  currentTracer,
  injectTraceHeaders,
  inSpan,
  ROOT_CONTEXT,
  SpanKind,
  traceLogFields,
  traceparentOf,
} from '../src/index.js';

// Two services in one process, as in solo mode: one provider each, one context manager for both.
describe('tracing two services in one process, exported over OTLP/HTTP', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let traceId = '';
  const env = () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50' });
  let alpha: ReturnType<typeof createServiceTracing>;
  let beta: ReturnType<typeof createServiceTracing>;
  let logged: ReturnType<typeof traceLogFields> = {};

  before(async () => {
    receiver = await startOtlpReceiver();
    alpha = createServiceTracing('alpha', env());
    beta = createServiceTracing('beta', env());
    // beta's server is started as beta's work: its requests run with beta's tracer, like the host does it.
    const server = await context.with(beta.bind(ROOT_CONTEXT), async () => {
      const created = createServer((request, response) => {
        const parent = contextFromHeaders(request.headers);
        const span = currentTracer(parent).startSpan('GET /beta', { kind: SpanKind.SERVER }, parent);
        context.with(parent, () => {
          response.end('ok');
          span.end();
        });
      });
      await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve));
      return created;
    });
    const { port } = server.address() as AddressInfo;
    await context.with(alpha.bind(ROOT_CONTEXT), () =>
      inSpan('call beta', { kind: SpanKind.CLIENT }, async (span) => {
        traceId = span.spanContext().traceId;
        logged = traceLogFields();
        const headers = injectTraceHeaders({});
        await new Promise<void>((resolve, reject) => {
          httpRequest({ host: '127.0.0.1', port, path: '/beta', headers }, (response) => {
            response.resume();
            response.on('end', resolve);
          })
            .on('error', reject)
            .end();
        });
      }),
    );
    server.close();
    await Promise.all([alpha.shutdown(), beta.shutdown()]);
  });

  after(() => receiver.close());

  it('given a call from alpha to beta, then the collector receives both spans in one trace, each under its own service.name', () => {
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    assert.deepEqual(spans.map((span) => `${span.service}:${span.name}`).sort(), [
      'alpha:call beta',
      'beta:GET /beta',
    ]);
    const client = spans.find((span) => span.service === 'alpha')!;
    const server = spans.find((span) => span.service === 'beta')!;
    assert.equal(server.parentSpanId, client.spanId);
  });

  it('then each service keeps only its own spans in memory, found by trace id', () => {
    assert.deepEqual(
      alpha.recent.find({ traceIds: [traceId] }).map((span) => [span.service, span.name, span.kind]),
      [['alpha', 'call beta', 'client']],
    );
    const [served] = beta.recent.find({ traceIds: [traceId] });
    assert.equal(served?.service, 'beta');
    assert.equal(served?.parentSpanId, alpha.recent.find({ traceIds: [traceId] })[0]?.spanId);
  });

  it('then a log line written inside the span names its trace and span', () => {
    assert.equal(logged.trace_id, traceId);
    assert.match(logged.span_id ?? '', /^[0-9a-f]{16}$/);
  });

  it('given no active span, then there is nothing to propagate and no trace fields to log', () => {
    context.with(ROOT_CONTEXT, () => {
      assert.equal(traceparentOf(), undefined);
      assert.deepEqual(traceLogFields(), {});
    });
  });
});

describe('recent spans by order id', () => {
  it('given spans of two traces, when one trace has a span naming the order, then only that trace is returned, whole', async () => {
    const tracing = createServiceTracing('ordering', {});
    const run = (orderId?: string) =>
      context.with(tracing.bind(ROOT_CONTEXT), () =>
        inSpan('POST /api/orders', {}, async (root) => {
          await inSpan(
            'outbox write',
            { attributes: orderId ? { 'bazaar.order_id': orderId } : {} },
            async () => {},
          );
          return root.spanContext().traceId;
        }),
      );
    const wanted = await run('1f0c6a4e-2b1d-4c1e-9a55-0d2c8d9e7b11');
    await run();
    const found = tracing.recent.find({ orderId: '1f0c6a4e-2b1d-4c1e-9a55-0d2c8d9e7b11' });
    assert.deepEqual(found.map((span) => `${span.traceId} ${span.name}`).sort(), [
      `${wanted} POST /api/orders`,
      `${wanted} outbox write`,
    ]);
    await tracing.shutdown();
  });

  it('given OTEL_SDK_DISABLED=true, then nothing is recorded', async () => {
    const tracing = createServiceTracing('quiet', { OTEL_SDK_DISABLED: 'true' });
    await context.with(tracing.bind(ROOT_CONTEXT), () => inSpan('work', {}, async () => {}));
    assert.equal(tracing.enabled, false);
    assert.equal(tracing.recent.size, 0);
  });

  it('refuses a bad sampler setting with a message naming the variable', () => {
    assert.throws(
      () => createServiceTracing('x', { OTEL_TRACES_SAMPLER: 'sometimes' }),
      /OTEL_TRACES_SAMPLER/,
    );
  });
});
