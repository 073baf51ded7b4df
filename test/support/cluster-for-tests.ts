import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Buyer, clusterStatus, type HttpClient, type InstanceStatus } from '@bazaar/cli';
import { bearer } from '@bazaar/client';
import { freePort, spawnCli } from '@bazaar/testing';
import { ADMIN } from './solo-for-tests.js';

/** `npm run cluster` as an operator runs it, in a child process with a data folder of its own. */
export interface ClusterProcess {
  child: ChildProcess;
  url: string;
  dataDir: string;
  exited: Promise<number | null>;
  output(): string;
  status(): Promise<InstanceStatus[]>;
  /** SIGTERM, then the exit code once every instance drained and stopped. */
  stop(): Promise<number | null>;
}

export async function spawnCluster(options: {
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}): Promise<ClusterProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-cluster-'));
  const child = spawnCli(['cluster', ...options.args], {
    env: {
      ...process.env,
      PORT: String(port),
      BAZAAR_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (process.env.TEST_CLUSTER_OUTPUT) process.stderr.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = performance.now() + (options.readyTimeoutMs ?? 180_000);
  while (!output.includes('Bazaar is running (cluster')) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the cluster exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the cluster did not start in time:\n${output}`);
    }
    await sleep(100);
  }
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    exited,
    output: () => output,
    status: () => clusterStatus(dataDir),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Waits until the supervisor reports `label` running again as a process other than `pid`, and ready. */
export async function restartedInstance(
  cluster: ClusterProcess,
  label: string,
  pid: number,
  timeoutMs = 60_000,
): Promise<InstanceStatus> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const instance = (await cluster.status()).find((candidate) => candidate.label === label);
    if (instance && instance.pid !== pid && instance.state === 'ready') return instance;
    if (performance.now() > deadline)
      throw new Error(`${label} was not restarted within ${timeoutMs} ms: ${JSON.stringify(instance)}`);
    await sleep(200);
  }
}

/** A request that did not get the answer it should have. */
export interface FailedRequest {
  what: string;
  status: number | string;
  at: number;
}

/** What a careful client does with a connection lost to a gateway instance: try the same request again. */
async function retryingLostConnections<T extends { response: Response }>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
      const lost = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code);
      if (!lost || attempt >= 3) throw error;
      await sleep(50 * attempt);
    }
  }
}

/**
 * Steady traffic through the gateway until `stop()`: orders (with an Idempotency-Key, so a retry after a
 * lost connection cannot order twice) and reads that reach every service. Every answer that is not the
 * expected one is recorded; the caller asserts there were none (or only the ones it allows).
 */
export function steadyTraffic(
  client: HttpClient,
  shop: { admin: string; buyers: readonly Buyer[]; productIds: readonly string[] },
  options: { ordersPerSecond: number; readsPerSecond: number },
) {
  const failures: FailedRequest[] = [];
  const accepted: string[] = [];
  let reads = 0;
  let orders = 0;
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const { api } = client;
  const pick = <T>(list: readonly T[], index: number) => list[index % list.length]!;

  const readers: ((index: number) => Promise<{ response: Response }>)[] = [
    (i) => api.GET('/api/users/me', { headers: bearer(pick(shop.buyers, i).token) }),
    (i) => api.GET('/api/products/{id}', { params: { path: { id: pick(shop.productIds, i) } } }),
    (i) =>
      api.GET('/api/inventory/{productId}', { params: { path: { productId: pick(shop.productIds, i) } } }),
    (i) => api.GET('/api/payments', { headers: bearer(pick(shop.buyers, i).token) }),
    (i) => api.GET('/api/shipments', { headers: bearer(pick(shop.buyers, i).token) }),
    (i) => api.GET('/api/orders', { headers: bearer(pick(shop.buyers, i).token) }),
    (i) => api.GET('/api/notifications', { headers: bearer(pick(shop.buyers, i).token) }),
    () => api.GET('/api/admin/analytics', { headers: bearer(shop.admin) }),
  ];
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const record = (what: string, status: number | string) =>
    failures.push({ what, status, at: Math.round(performance.now() - started) });

  const read = async (index: number) => {
    const what = `read ${index % readers.length}`;
    try {
      const { response } = await retryingLostConnections(() => readers[index % readers.length]!(index));
      await response.body?.cancel().catch(() => {});
      if (response.status !== 200) record(what, response.status);
    } catch (error) {
      record(what, (error as { cause?: { code?: string } }).cause?.code ?? String(error));
    }
  };
  const order = async (index: number) => {
    const key = randomUUID();
    try {
      const { data, response } = await retryingLostConnections(() =>
        api.POST('/api/orders', {
          headers: { ...bearer(pick(shop.buyers, index).token), 'idempotency-key': key },
          body: {
            items: [{ productId: pick(shop.productIds, index), quantity: 1 }],
            shippingAddress: {
              name: 'Cluster Test',
              line1: '1 Test Street',
              city: 'Berlin',
              postalCode: '10115',
              country: 'DE',
            },
            paymentMethod: { type: 'card', number: '4242424242424242' },
          },
        }),
      );
      if (response.status === 202 && data?.orderId) accepted.push(data.orderId);
      else record('order', response.status);
    } catch (error) {
      record('order', (error as { cause?: { code?: string } }).cause?.code ?? String(error));
    }
  };
  // Open loop: each request leaves at its own time, whether or not earlier ones have been answered.
  const every = (perSecond: number, send: (index: number) => Promise<void>, count: () => number) => {
    const timer = setInterval(() => {
      if (running) track(send(count()));
    }, 1000 / perSecond);
    return timer;
  };
  const timers = [
    every(options.readsPerSecond, read, () => reads++),
    every(options.ordersPerSecond, order, () => orders++),
  ];
  return {
    failures,
    accepted,
    counts: () => ({ reads, orders }),
    async stop() {
      running = false;
      for (const timer of timers) clearInterval(timer);
      await Promise.all([...inFlight]);
    },
  };
}
