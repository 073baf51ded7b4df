import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { freePort, spawnCli } from '@bazaar/testing';
import {
  call,
  closeAgents,
  type FakeUpstream,
  fakeUpstream,
  UPSTREAM_VARIABLES,
  until,
} from './support/gateway-harness.js';

/** The processes `pid` started (ps exits 1 when there are none yet). */
function childrenOf(pid: number): number[] {
  let listing = '';
  try {
    listing = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return listing
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
}

let upstream: FakeUpstream;
before(async () => {
  upstream = await fakeUpstream();
});
after(async () => {
  await upstream.close();
  await closeAgents();
});

/** `WORKERS=2 npm run serve -- gateway` in front of the stand-in, once both workers answer. */
async function serveTwoWorkers() {
  const port = await freePort();
  const urls = Object.fromEntries(UPSTREAM_VARIABLES.map((variable) => [variable, upstream.url]));
  const primary = spawnCli(['serve', 'gateway'], {
    env: { ...process.env, ...urls, PORT: String(port), WORKERS: '2', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  primary.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const base = `http://127.0.0.1:${port}`;
  /** SIGTERM; both workers drain and the primary exits 0. */
  const stop = async () => {
    primary.kill('SIGTERM');
    const code = await new Promise((resolve) => primary.once('exit', resolve));
    assert.equal(code, 0, output);
  };
  try {
    await until(
      'both workers run and answer',
      async () => {
        const ready = await fetch(`${base}/health/ready`).catch(() => undefined);
        return ready?.ok === true && childrenOf(primary.pid!).length === 2;
      },
      30_000,
    );
  } catch (error) {
    primary.kill('SIGKILL');
    throw error;
  }
  return { primary, base, output: () => output, stop };
}

describe('serve with WORKERS', () => {
  it('given WORKERS=2, then two processes serve the gateway on one port, and a killed one is replaced', async () => {
    const { primary, base, output, stop } = await serveTwoWorkers();
    try {
      const [first] = childrenOf(primary.pid!);
      for (let i = 0; i < 20; i++) assert.equal((await call(base, 'GET', '/api/products')).status, 200);

      process.kill(first!, 'SIGKILL');
      await until(
        'the killed worker is replaced',
        async () => {
          const workers = childrenOf(primary.pid!);
          return workers.length === 2 && !workers.includes(first!);
        },
        30_000,
      );
      assert.match(output(), /exited \(SIGKILL\); starting another/);
      await until(
        'the port still answers',
        async () => (await call(base, 'GET', '/api/products')).status === 200,
      );
    } finally {
      await stop();
    }
  });

  it("given WORKERS=2, then the admin's recent traces hold the requests both workers served", async () => {
    upstream.reset();
    // Each service holds no spans; the gateway's own are all there is to list.
    upstream.behave((request) =>
      request.url?.startsWith('/admin/traces') ? { body: { service: 'stand-in', spans: [] } } : {},
    );
    const { base, stop } = await serveTwoWorkers();
    try {
      // A connection of its own for each (one client address each): the primary hands new connections to
      // the workers in turn, so both serve some of them.
      const REQUESTS = 8;
      for (let i = 0; i < REQUESTS; i++)
        assert.equal((await call(base, 'GET', '/api/products', { address: `127.0.0.${i + 2}` })).status, 200);
      // The gateway's call carries its trace: the stand-in saw each request's trace id.
      const served = upstream.received
        .filter((entry) => entry.url.startsWith('/api/products'))
        .map((entry) => String(entry.headers.traceparent).split('-')[1]);
      assert.equal(new Set(served).size, REQUESTS);

      // Asked several times, so each worker answers at least once (the admin's calls spread alike); each
      // read is a request served too, so the last ones before it are listed as well.
      for (let read = 0; read < 4; read++) {
        const listed = await call(base, 'GET', `/api/admin/traces?recent=${REQUESTS + read}`, {
          token: await upstream.adminToken('admin-1'),
          address: `127.0.1.${read + 2}`,
        });
        assert.equal(listed.status, 200, listed.text);
        assert.deepEqual(listed.body.unreachable, []);
        const items: { traceId: string; spans: { name: string; kind: string }[] }[] = listed.body.items;
        const reads = items.filter((item) => !served.includes(item.traceId));
        assert.deepEqual(
          items.filter((item) => served.includes(item.traceId)).length,
          REQUESTS,
          'the last requests of both workers, found whichever worker answered',
        );
        assert.deepEqual(
          reads.map((item) => item.spans.find((span) => span.kind === 'server')?.name),
          Array(read).fill('GET /api/admin/traces'),
        );
      }
    } finally {
      upstream.reset();
      await stop();
    }
  });

  it('given WORKERS=2, when an admin isolates a breaker and switches rate limits off, then both workers switch, whichever one is asked afterwards', async () => {
    upstream.reset();
    const { primary, base, stop } = await serveTwoWorkers();
    try {
      const admin = await upstream.adminToken('admin-1');
      // Both workers serving HTTP (so both have told the primary they answer their siblings): one may still
      // be starting when the port first answers, and a worker that is not up yet misses the switch.
      const serving = new Set<string>();
      let connection = 0;
      await until('both workers serve requests', async () => {
        const view = await call(base, 'GET', '/api/admin/resilience', {
          token: admin,
          address: `127.0.4.${(connection++ % 250) + 2}`,
        });
        serving.add(view.body.instance);
        return serving.size === 2;
      });
      const isolated = await call(base, 'PUT', '/api/admin/resilience/upstreams/catalog/breaker', {
        token: admin,
        body: { state: 'isolated' },
      });
      assert.equal(isolated.status, 200, isolated.text);
      const workers = childrenOf(primary.pid!).map((pid) => `:${pid}`);
      const pidsOf = (instances: string[]) =>
        instances.map((name) => name.slice(name.lastIndexOf(':'))).sort();
      assert.deepEqual(pidsOf(isolated.body.appliedBy), [...workers].sort(), 'both workers switched');
      assert.deepEqual(isolated.body.missed, []);
      const off = await call(base, 'PUT', '/api/admin/resilience/rate-limits', {
        token: admin,
        body: { enforced: false },
      });
      assert.equal(off.body.appliedBy.length, 2);

      // New connections go to the workers in turn: each one reports the switches, and refuses catalog.
      const answeredBy = new Set<string>();
      for (let read = 0; read < 4; read++) {
        const view = await call(base, 'GET', '/api/admin/resilience', {
          token: admin,
          address: `127.0.2.${read + 2}`,
        });
        answeredBy.add(view.body.instance);
        const catalog = view.body.upstreams.find(
          (entry: { upstream: string }) => entry.upstream === 'catalog',
        );
        assert.equal(catalog.breaker, 'isolated', `read ${read} (${view.body.instance})`);
        assert.equal(view.body.rateLimits.enforced, false, `read ${read} (${view.body.instance})`);
      }
      for (let read = 0; read < 4; read++)
        assert.equal(
          (await call(base, 'GET', '/api/products', { address: `127.0.3.${read + 2}` })).status,
          503,
        );
      assert.equal(answeredBy.size, 2, 'both workers answered some of the reads');
      assert.equal(upstream.hits('/api/products'), 0, 'no worker called the isolated upstream');
    } finally {
      upstream.reset();
      await stop();
    }
  });

  it('given a worker that refuses its configuration, then the primary stops with exit code 2', async () => {
    const primary = spawnCli(['serve', 'gateway'], {
      env: { ...process.env, IDENTITY_URL: 'not a url', WORKERS: '2', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const code = await new Promise((resolve) => primary.once('exit', resolve));
    assert.equal(code, 2);
  });
});
