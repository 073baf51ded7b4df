/**
 * Orders end to end in the cluster topology (`npm run cluster`: each service in processes of its own), with
 * one or two instances of the pipeline services (ordering, inventory, payment, shipping: every order's saga
 * runs through them) and one or two gateway instances, side by side in one run on one PostgreSQL server.
 * The first configuration (one of everything) is the baseline; the table shows each one's ratio to it.
 *
 * For each configuration: the maximum sustainable rate under open-loop load (probes at rising rates, then
 * bisection; sustained = every order accepted, all settled within BENCH_DRAIN_MS of the last send, saga p99
 * under BENCH_SUSTAINED_SAGA_P99_MS), then one step at 80 % of it during which the CPU of every process is
 * read from /proc: each service's instances, the gateway's workers, the supervisor (it accepts the
 * gateway's connections and hands them to the workers), and PostgreSQL.
 *
 * Before the step, 10 s without load measure what the processes burn idle (timers, health checks, pollers);
 * the CPU per order subtracts it. Solo mode (every service in one process) runs last as a reference: the
 * same work without the processes.
 *
 * BENCH_CLUSTER_CONFIGS=1x1,2x2,solo picks configurations (pipeline instances x gateway instances).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterStatus, httpClient, type InstanceStatus, percentile, prepareShop } from '@bazaar/cli';
import {
  dropDatabasesWithPrefix,
  freePort,
  GENEROUS_PROTECTIONS,
  spawnCli,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import postgres from 'postgres';
import { orderProber, type Probe } from './src/order-probe.js';
import { databaseActivity, statementDelta } from './src/postgres-stats.js';
import { cpuSeconds, processTree } from './src/process-cpu.js';
import { type BenchDatabaseServer, benchDatabaseServer } from './src/storage.js';
import { startSystem } from './src/system.js';
import { machine, printTable } from './src/table.js';

const PROBE_SECONDS = Number(process.env.BENCH_PROBE_SECONDS ?? 8);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 12);
const START_RATE = Number(process.env.BENCH_START_RATE ?? 40);
const MAX_PROBES = Number(process.env.BENCH_MAX_PROBES ?? 8);
const DRAIN_MS = Number(process.env.BENCH_DRAIN_MS ?? 3_000);
const SUSTAINED_SAGA_P99_MS = Number(process.env.BENCH_SUSTAINED_SAGA_P99_MS ?? 1_000);
const ADMIN = { email: 'admin@bazaar.local', password: 'bench-admin-Passw0rd' };
const PIPELINE = ['ordering', 'inventory', 'payment', 'shipping'] as const;
const IDLE_SECONDS = 10;
const CONFIGS = (process.env.BENCH_CLUSTER_CONFIGS ?? '1x1,2x1,1x2,2x2,solo').split(',').map((text) => {
  if (text === 'solo')
    return { solo: true, pipeline: 1, gateways: 1, label: 'solo (one process), reference' };
  const [pipeline, gateways] = text.split('x').map(Number) as [number, number];
  return { solo: false, pipeline, gateways, label: `${pipeline}× pipeline, ${gateways}× gateway` };
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Outcome {
  label: string;
  maxRate: number;
  step: Probe;
  /** CPU cores used during the step, per process group (service, gateway, supervisor, PostgreSQL). */
  cores: Record<string, number>;
  /** CPU cores used with no load at all (timers, health checks, pollers), every process together. */
  idleCores: number;
  /** Statements (round trips) per order during the step, idle ones subtracted. */
  statementsPerOrder: number;
  /** The statements called most per order during the step. */
  top: { perOrder: number; query: string }[];
}

interface Running {
  url: string;
  supervisorPid: number;
  status(): Promise<InstanceStatus[]>;
  stop(): Promise<void>;
}

async function startSolo(server: BenchDatabaseServer, prefix: string): Promise<Running> {
  const system = await startSystem({
    port: await freePort(),
    env: {
      ...GENEROUS_PROTECTIONS,
      DATABASE_URL: server.socketUrl ?? server.url,
      BAZAAR_DB_PREFIX: prefix,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ACCESS_TOKEN_TTL_SECONDS: '86400',
    },
  });
  return {
    url: system.url,
    supervisorPid: system.pid,
    status: async () => [],
    stop: () => system.stop(),
  };
}

async function startCluster(
  server: BenchDatabaseServer,
  config: (typeof CONFIGS)[number],
  prefix: string,
): Promise<Running> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-bench-cluster-'));
  const instances = [
    ...PIPELINE.map((service) => `${service}=${config.pipeline}`),
    `gateway=${config.gateways}`,
  ];
  const child = spawnCli(['cluster', '--instances', instances.join(','), '--transport', 'postgres'], {
    env: {
      ...process.env,
      ...GENEROUS_PROTECTIONS,
      DATABASE_URL: server.socketUrl ?? server.url,
      BAZAAR_DB_PREFIX: prefix,
      BAZAAR_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      SHUTDOWN_DRAIN_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = performance.now() + 180_000;
  while (!output.includes('Bazaar is running (cluster')) {
    if (child.exitCode !== null || performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the cluster did not start:\n${output}`);
    }
    await sleep(100);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    supervisorPid: child.pid!,
    status: () => clusterStatus(dataDir),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds so far of each group of processes: the cluster's instances by service, and PostgreSQL. */
function cpuByGroup(
  instances: readonly InstanceStatus[],
  supervisorPid: number,
  postgresPid: number | undefined,
) {
  const groups: Record<string, number> = {};
  const add = (group: string, seconds: number) => {
    groups[group] = (groups[group] ?? 0) + seconds;
  };
  for (const instance of instances) if (instance.pid) add(instance.service, cpuSeconds(instance.pid));
  add(instances.length === 0 ? 'solo process' : 'supervisor', cpuSeconds(supervisorPid));
  if (postgresPid !== undefined)
    for (const pid of processTree(postgresPid)) add('PostgreSQL', cpuSeconds(pid));
  return groups;
}

async function measure(server: BenchDatabaseServer, config: (typeof CONFIGS)[number]): Promise<Outcome> {
  const prefix = uniqueDatabasePrefix('benchcluster');
  const cluster = config.solo ? await startSolo(server, prefix) : await startCluster(server, config, prefix);
  const client = httpClient(cluster.url);
  const ordering = postgres(new URL(`/${prefix}_ordering`, server.url).toString(), {
    max: 1,
    onnotice: () => {},
  });
  const log = (line: string) => console.log(`  [${config.label}] ${line}`);
  const activity = databaseActivity(server.url, prefix);
  try {
    const shop = await prepareShop(client, {
      admin: ADMIN,
      buyers: 64,
      products: 50,
      unitsPerProduct: 1_000_000,
    });
    const probe = orderProber({
      client,
      shop,
      ordering,
      drainMs: DRAIN_MS,
      sustainedSagaP99Ms: SUSTAINED_SAGA_P99_MS,
      log,
    });

    await probe(20, 10); // warm-up: connections, prepared statements, JIT in every process
    let good = 0;
    let bad: number | undefined;
    let probes = 0;
    for (let rate = START_RATE; bad === undefined && probes < MAX_PROBES; rate = Math.round(rate * 1.5)) {
      probes++;
      if ((await probe(rate, PROBE_SECONDS)).sustained) good = rate;
      else bad = rate;
    }
    while (bad !== undefined && (bad - good) / bad > 0.08 && probes < MAX_PROBES + 3) {
      probes++;
      const rate = Math.round((good + bad) / 2);
      if ((await probe(rate, PROBE_SECONDS)).sustained) good = rate;
      else bad = rate;
    }
    const stepRate = Math.max(10, Math.round(good * 0.8));
    const instances = await cluster.status();
    const total = (groups: Record<string, number>) =>
      Object.values(groups).reduce((sum, value) => sum + value, 0);
    const idleBefore = total(cpuByGroup(instances, cluster.supervisorPid, server.pid()));
    await activity.read(); // installs pg_stat_statements' view on first use
    const idleStatementsBefore = await activity.statementCalls();
    const idleStarted = performance.now();
    await sleep(IDLE_SECONDS * 1000);
    const idleStatementsAfter = await activity.statementCalls();
    const idleSeconds = (performance.now() - idleStarted) / 1000;
    const idleCores =
      (total(cpuByGroup(instances, cluster.supervisorPid, server.pid())) - idleBefore) / idleSeconds;
    const statementsBefore = await activity.statementCalls();
    const before = cpuByGroup(instances, cluster.supervisorPid, server.pid());
    const startedAt = performance.now();
    const step = await probe(stepRate, STEP_SECONDS);
    const seconds = (performance.now() - startedAt) / 1000;
    const after = cpuByGroup(instances, cluster.supervisorPid, server.pid());
    const statements = statementDelta(statementsBefore, await activity.statementCalls(), {
      before: idleStatementsBefore,
      after: idleStatementsAfter,
      scale: seconds / idleSeconds,
    });
    const orders = Math.max(1, step.accepted);
    const statementsPerOrder = statements.reduce((sum, entry) => sum + entry.calls, 0) / orders;
    const top = statements
      .slice(0, 12)
      .map((entry) => ({ perOrder: entry.calls / orders, query: entry.query }));
    const cores = Object.fromEntries(
      Object.entries(after).map(([group, total]) => [group, (total - (before[group] ?? 0)) / seconds]),
    );
    return { label: config.label, maxRate: good, step, cores, idleCores, statementsPerOrder, top };
  } finally {
    await client.close();
    await ordering.end();
    await activity.close();
    await cluster.stop();
    await dropDatabasesWithPrefix(server.url, prefix).catch(() => {});
  }
}

export async function run(): Promise<void> {
  const server = await benchDatabaseServer({
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'top' },
  });
  try {
    const outcomes: Outcome[] = [];
    for (const config of CONFIGS) outcomes.push(await measure(server, config));
    const baseline = outcomes[0]!;
    const where = `cluster topology, PostgreSQL message store, ${server.label}, ${machine()}`;
    printTable(
      `Orders/s in the cluster topology by instances (${where}); ratio to the first row`,
      [
        'instances',
        'max orders/s',
        'ratio',
        'at 80 %: POST p99 ms',
        'saga p50 / p99 ms',
        'CPU ms / order (all processes, idle subtracted)',
        'statements / order',
        'idle cores',
      ],
      outcomes.map((outcome) => {
        const cores = Object.values(outcome.cores).reduce((sum, value) => sum + value, 0);
        return [
          outcome.label,
          outcome.maxRate,
          `${(outcome.maxRate / Math.max(1, baseline.maxRate)).toFixed(2)}×`,
          percentile(outcome.step.post, 99).toFixed(0),
          `${percentile(outcome.step.saga, 50).toFixed(0)} / ${percentile(outcome.step.saga, 99).toFixed(0)}`,
          (((cores - outcome.idleCores) * 1000) / outcome.step.rate).toFixed(1),
          outcome.statementsPerOrder.toFixed(1),
          outcome.idleCores.toFixed(2),
        ];
      }),
    );
    const groups = [...new Set(outcomes.flatMap((outcome) => Object.keys(outcome.cores)))].sort(
      (a, b) => (outcomes[0]!.cores[b] ?? 0) - (outcomes[0]!.cores[a] ?? 0),
    );
    printTable(
      'CPU cores used at 80 % of each maximum, by process group (all instances of a service together)',
      ['process group', ...outcomes.map((outcome) => `${outcome.label} @ ${outcome.step.rate}/s`)],
      [
        ...groups.map((group) => [
          group,
          ...outcomes.map((outcome) => (outcome.cores[group] ?? 0).toFixed(2)),
        ]),
        [
          'total',
          ...outcomes.map((outcome) =>
            Object.values(outcome.cores)
              .reduce((sum, value) => sum + value, 0)
              .toFixed(2),
          ),
        ],
      ],
    );
    for (const outcome of outcomes)
      printTable(
        `The statements called most per order, ${outcome.label} (the database side of the profile)`,
        ['per order', 'statement'],
        outcome.top.map((entry) => [entry.perOrder.toFixed(2), entry.query]),
      );
  } finally {
    await server.close();
  }
}
