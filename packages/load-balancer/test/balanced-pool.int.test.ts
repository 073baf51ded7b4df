import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, createServiceTracing, inSpan, ROOT_CONTEXT } from '@bazaar/tracing';
import { Registry } from 'prom-client';
import { BalancedPool, type BalancedRequest, fileEndpoints, writeEndpointsFile } from '../src/index.js';

/** A real HTTP server that says who it is, whose readiness can be switched off and which can be killed. */
class Instance {
  ready = true;
  hits = 0;
  /** The `traceparent` of the last request it answered (other than a health check). */
  traceparent: string | undefined;
  /** Requests to /slow wait this long. */
  slowMs = 200;
  private constructor(
    readonly server: Server,
    readonly url: string,
  ) {}

  static async start(port = 0): Promise<Instance> {
    let self: Instance | undefined;
    const server = createServer((request, response) => {
      const instance = self!;
      if (request.url === '/health/ready') {
        response.writeHead(instance.ready ? 200 : 503).end();
        return;
      }
      instance.hits += 1;
      instance.traceparent = request.headers.traceparent?.toString();
      const answer = () => response.writeHead(200, { 'content-type': 'text/plain' }).end(instance.url);
      if (request.url === '/slow') setTimeout(answer, instance.slowMs);
      else if (request.url === '/hang') request.socket.destroy();
      else answer();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    self = new Instance(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** Gone at once, as after kill -9: listener and every connection. */
  async kill(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const instances: Instance[] = [];
const start = async (port?: number) => {
  const instance = await Instance.start(port);
  instances.push(instance);
  return instance;
};
after(async () => {
  for (const instance of instances) await instance.kill().catch(() => {});
});

const get = async (pool: BalancedPool, path = '/', idempotent = true) => {
  const response = await pool.request({ method: 'GET', path }, { idempotent });
  return { status: response.statusCode, from: await response.body.text() };
};

/** A request to each instance of `pool`: who answered what, or the error's code. */
const each = async (pool: BalancedPool, request: Omit<BalancedRequest, 'method'> = { path: '/' }) => {
  const results = await pool.requestEach({ method: 'GET', ...request }, (response) => response.body.text());
  return results.map((result) =>
    result.error
      ? { instance: result.instance, error: (result.error as { code?: string }).code ?? result.error.name }
      : { instance: result.instance, from: result.value },
  );
};

describe('BalancedPool against real HTTP servers', () => {
  it('given three instances, when idle requests come one by one, then each instance gets a third', async () => {
    const three = [await start(), await start(), await start()];
    const pool = new BalancedPool(
      'three',
      three.map((instance) => instance.url),
    );
    for (let i = 0; i < 30; i++) await get(pool);
    assert.deepEqual(
      three.map((instance) => instance.hits),
      [10, 10, 10],
    );
    await pool.close();
  });

  it('given one slow instance, when requests overlap, then the least pending instance takes the new ones', async () => {
    const slow = await start();
    const fast = await start();
    slow.slowMs = 500;
    fast.slowMs = 10;
    const pool = new BalancedPool('least-pending', [slow.url, fast.url]);
    const answers: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      answers.push(get(pool, '/slow'));
      await sleep(20);
    }
    await Promise.all(answers);
    assert.ok(slow.hits <= 2, `the slow instance got ${slow.hits} of 20`);
    await pool.close();
  });

  it('given an instance that is gone, when requests come, then each is sent to the other and the dead one is ejected', async () => {
    const alive = await start();
    const doomed = await start();
    const metrics = new Registry();
    const pool = new BalancedPool('failover', [doomed.url, alive.url], { metrics });
    await get(pool); // connections open to both
    await get(pool);
    await doomed.kill();
    for (let i = 0; i < 10; i++) assert.equal((await get(pool)).from, alive.url);
    assert.equal(pool.snapshot()[0]!.state, 'ejected');
    const text = await metrics.metrics();
    assert.match(text, /upstream_endpoint_ejections_total\{upstream="failover",reason="connection"\} 1/);
    assert.match(text, /upstream_endpoints\{upstream="failover",state="ejected"\} 1/);
    await pool.close();
  });

  it('given a connection lost mid-request, then an idempotent request moves on and a non-idempotent one fails', async () => {
    const breaks = await start();
    const works = await start();
    // /hang on `breaks` destroys the socket after the request arrived; on `works` it answers.
    const originalHandler = works.server.listeners('request')[0] as (...args: unknown[]) => void;
    works.server.removeAllListeners('request');
    works.server.on('request', (request, response) => {
      if (request.url === '/hang') response.writeHead(200).end(works.url);
      else originalHandler(request, response);
    });
    const pool = new BalancedPool('mid-request', [breaks.url, works.url], { ejectBaseMs: 1 });
    assert.equal((await get(pool, '/hang', true)).from, works.url);
    await sleep(5); // `breaks` back in rotation, first in line again
    await assert.rejects(
      (async () => {
        for (let i = 0; i < 4; i++) await get(pool, '/hang', false);
      })(),
      (error: { code?: string }) => error.code === 'UND_ERR_SOCKET',
    );
    await pool.close();
  });

  it('given an instance whose health check fails, then it leaves the rotation, and comes back when it passes', async () => {
    const steady = await start();
    const flaky = await start();
    const pool = new BalancedPool('health', [steady.url, flaky.url], { healthIntervalMs: 50 });
    flaky.ready = false;
    await sleep(200);
    assert.equal(pool.snapshot()[1]!.state, 'unhealthy');
    flaky.hits = 0;
    for (let i = 0; i < 10; i++) await get(pool);
    assert.equal(flaky.hits, 0);
    flaky.ready = true;
    await sleep(200);
    for (let i = 0; i < 10; i++) await get(pool);
    assert.equal(flaky.hits, 5);
    await pool.checkReady();
    await pool.close();
  });

  it('given a killed instance restarted on its port, then the health check brings it back', async () => {
    const other = await start();
    const first = await start();
    const port = Number(new URL(first.url).port);
    const pool = new BalancedPool('restart', [other.url, first.url], { healthIntervalMs: 50 });
    await first.kill();
    for (let i = 0; i < 4; i++) await get(pool);
    assert.notEqual(pool.snapshot()[1]!.state, 'healthy');
    const again = await start(port);
    await sleep(200);
    assert.equal(pool.snapshot()[1]!.state, 'healthy');
    for (let i = 0; i < 4; i++) await get(pool);
    assert.equal(again.hits, 2);
    await pool.close();
  });

  it('given every instance down, then checkReady rejects and a request fails with the connection error', async () => {
    const gone = await start();
    await gone.kill();
    const pool = new BalancedPool('down', [gone.url]);
    await assert.rejects(pool.checkReady());
    await assert.rejects(get(pool), (error: { code?: string }) => error.code === 'ECONNREFUSED');
    await pool.close();
  });

  it('given three instances, one of them gone, when a request is sent to each, then two answer and the gone one is reported and ejected', async () => {
    const three = [await start(), await start(), await start()];
    const pool = new BalancedPool(
      'each',
      three.map((instance) => instance.url),
    );
    await three[1]!.kill();
    assert.deepEqual(await each(pool), [
      { instance: three[0]!.url, from: three[0]!.url },
      { instance: three[1]!.url, error: 'ECONNREFUSED' },
      { instance: three[2]!.url, from: three[2]!.url },
    ]);
    assert.deepEqual(
      pool.snapshot().map((endpoint) => endpoint.state),
      ['healthy', 'ejected', 'healthy'],
    );
    // Still asked while ejected (an admin read wants every process), and its state says so.
    const again = await pool.requestEach({ method: 'GET', path: '/' }, (response) => response.body.text());
    assert.deepEqual(
      again.map((result) => result.state),
      ['healthy', 'ejected', 'healthy'],
    );
    assert.equal((again[1]!.error as { code?: string }).code, 'ECONNREFUSED');
    await pool.close();
  });

  it('given a deadline and one slow instance, when a request is sent to each, then the slow one fails alone', async () => {
    const quick = await start();
    const slow = await start();
    quick.slowMs = 0;
    slow.slowMs = 2_000;
    const pool = new BalancedPool('deadline', [quick.url, slow.url]);
    const started = performance.now();
    const results = await each(pool, { path: '/slow', signal: AbortSignal.timeout(300) });
    assert.ok(performance.now() - started < 1_500, 'the deadline, not the slow instance, ended the wait');
    assert.deepEqual(results[0], { instance: quick.url, from: quick.url });
    assert.equal(results[1]!.instance, slow.url);
    assert.ok('error' in results[1]!, 'the slow instance is reported as failed');
    // A timeout is no evidence the instance is gone: it stays in rotation.
    assert.equal(pool.snapshot()[1]!.state, 'healthy');
    await pool.close();
  });

  it('given a traced caller, when a request is sent to each, then every instance gets its own client span as parent', async () => {
    const tracing = createServiceTracing('caller', {});
    const both = [await start(), await start()];
    const pool = new BalancedPool(
      'traced',
      both.map((instance) => instance.url),
    );
    const traceId = await context.with(tracing.bind(ROOT_CONTEXT), () =>
      inSpan('admin read', {}, async (span) => {
        await each(pool, { path: '/', headers: { traceparent: 'bogus' } });
        return span.spanContext().traceId;
      }),
    );
    const clients = tracing.recent
      .find({ traceIds: [traceId] })
      .filter((span) => span.kind === 'client' && span.name === 'GET traced');
    assert.deepEqual(
      clients.map((span) => span.attributes['server.address']).sort(),
      both.map((instance) => instance.url).sort(),
    );
    for (const instance of both) {
      const span = clients.find((client) => client.attributes['server.address'] === instance.url)!;
      assert.equal(instance.traceparent, `00-${traceId}-${span.spanId}-01`);
    }
    await pool.close();
    await tracing.shutdown();
  });

  it('given an endpoints file, when the supervisor replaces an instance, then requests follow the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bazaar-endpoints-'));
    const file = join(dir, 'endpoints.json');
    const old = await start();
    const replacement = await start();
    const write = async (urls: string[]) =>
      writeEndpointsFile(file, { catalog: urls, other: ['http://x:1'] });
    await write([old.url]);
    const source = fileEndpoints(file, 'catalog', { initial: ['http://127.0.0.1:1'], pollMs: 20 });
    assert.deepEqual(source.current(), [old.url]);
    const pool = new BalancedPool('catalog', source);
    assert.equal((await get(pool)).from, old.url);
    await write([old.url, replacement.url]);
    await sleep(100);
    await write([replacement.url]);
    await sleep(100);
    for (let i = 0; i < 5; i++) assert.equal((await get(pool)).from, replacement.url);
    // A broken write leaves the list as it was.
    await writeFile(file, '{"services":');
    await sleep(100);
    assert.deepEqual(source.current(), [replacement.url]);
    await pool.close();
    source.close();
    await rm(dir, { recursive: true, force: true });
  });
});
