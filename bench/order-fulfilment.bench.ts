/**
 * Orders end to end in solo mode — POST /api/orders through the gateway, then the 4-step saga (reserve
 * stock → capture payment → create shipment → confirm) — under **open-loop** load: orders arrive at a
 * fixed rate whatever the system does, and POST latency counts from the intended send time (see
 * apps/cli/src/load/open-loop.ts), so a stalled system cannot hide its queue.
 *
 * For each transport (the PostgreSQL message store, the default and the baseline; then RabbitMQ) in one
 * run, on one PostgreSQL server:
 * 1. the maximum sustainable rate: probes of BENCH_PROBE_SECONDS at rising rates, then bisection. A rate is
 *    sustained when every order is accepted (202), every order has settled (CONFIRMED or CANCELLED) within
 *    BENCH_DRAIN_MS of the last send, and the saga's p99 stays under BENCH_SUSTAINED_SAGA_P99_MS (its queue
 *    does not grow);
 * 2. POST and saga (placed → CONFIRMED) p50/p95/p99 at 25, 50, 70, 90 and 110 % of that rate;
 * 3. what one order costs, from a step at 50 %: database transactions (pg_stat_database), statements =
 *    round trips (pg_stat_statements), messages sent (outbox rows), and CPU of the system's process, of
 *    PostgreSQL and of the broker — each minus the same system's idle activity over as long;
 * 4. the statements called most per order (the database side of the profile).
 *
 * BENCH_ASSUME_MAX=<rate> skips the search and measures steps and cost around that rate.
 *
 * The system runs in a child process (the compiled CLI, as `npm start` runs it), the load in this one.
 * `BENCH_SYSTEM_ROOT=<checkout>` measures another checkout's system with this benchmark (how the figures
 * before a change were taken).
 */
import { httpClient, orderOutcomes, percentile, prepareShop } from '@bazaar/cli';
import { SUBSCRIPTIONS } from '@bazaar/contracts';
import { deleteRabbitMqNamespace } from '@bazaar/messaging';
import { dropDatabasesWithPrefix, freePort, uniqueDatabasePrefix } from '@bazaar/testing';
import postgres from 'postgres';
import { orderProber, type Probe } from './src/order-probe.js';
import { type DatabaseActivity, databaseActivity, statementDelta, subtract } from './src/postgres-stats.js';
import { cpuMeter, pidsMatching } from './src/process-cpu.js';
import { type BenchDatabaseServer, benchDatabaseServer } from './src/storage.js';
import { startSystem } from './src/system.js';
import { machine, printTable } from './src/table.js';

const AMQP_URL = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const PROBE_SECONDS = Number(process.env.BENCH_PROBE_SECONDS ?? 10);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 15);
const START_RATE = Number(process.env.BENCH_START_RATE ?? 50);
const MAX_PROBES = Number(process.env.BENCH_MAX_PROBES ?? 9);
const DRAIN_MS = Number(process.env.BENCH_DRAIN_MS ?? 3_000);
const SUSTAINED_SAGA_P99_MS = Number(process.env.BENCH_SUSTAINED_SAGA_P99_MS ?? 1_000);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 64);
const STEPS = [25, 50, 70, 90, 110];
const TARGET_RATE = 300;
const ADMIN = { email: 'admin@bazaar.local', password: 'bench-admin-Passw0rd' };
// PostgreSQL flushes a backend's counters to pg_stat_database at most every second when busy and within
// 10 s when it goes idle: readings wait that long after the work they describe.
const STATS_FLUSH_MS = 11_000;

const TRANSPORTS = [
  { label: 'PostgreSQL message store (default)', env: {} as NodeJS.ProcessEnv },
  { label: 'RabbitMQ', env: { AMQP_URL } as NodeJS.ProcessEnv },
].filter(
  (transport) =>
    !process.env.BENCH_TRANSPORTS || process.env.BENCH_TRANSPORTS.includes(transport.label.split(' ')[0]!),
);

interface Cost {
  orders: number;
  perOrder: DatabaseActivity;
  cpuMs: { system: number; postgres: number; broker: number };
  top: { calls: number; meanMs: number; query: string }[];
}

interface Outcome {
  label: string;
  maxRate: number;
  probes: Probe[];
  steps: (Probe & { percent: number })[];
  cost: Cost;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measureTransport(
  server: BenchDatabaseServer,
  transport: (typeof TRANSPORTS)[number],
): Promise<Outcome> {
  const prefix = uniqueDatabasePrefix('benchorders');
  const system = await startSystem({
    port: await freePort(),
    env: {
      // Through the Unix socket, as solo mode's own embedded server is reached (an older checkout measured
      // with BENCH_SYSTEM_ROOT may not know socket URLs: TCP then).
      DATABASE_URL: (!process.env.BENCH_SYSTEM_ROOT && server.socketUrl) || server.url,
      BAZAAR_DB_PREFIX: prefix,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      ...transport.env,
    },
  });
  const client = httpClient(system.url);
  const ordering = postgres(new URL(`/${prefix}_ordering`, server.url).toString(), {
    max: 1,
    onnotice: () => {},
  });
  const activity = databaseActivity(server.url, prefix);
  const log = (line: string) => console.log(`  [${transport.label}] ${line}`);
  try {
    const shop = await prepareShop(client, {
      admin: ADMIN,
      buyers: BUYERS,
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

    await probe(Math.min(20, START_RATE), 3); // warm-up: connections, prepared statements, JIT

    const probes: Probe[] = [];
    let good = Number(process.env.BENCH_ASSUME_MAX ?? 0);
    // BENCH_ASSUME_MAX skips the search (quick iterations on the latency steps and the cost).
    let bad: number | undefined = good > 0 ? good : undefined;
    for (let rate = START_RATE; bad === undefined && probes.length < MAX_PROBES; rate *= 2) {
      const result = await probe(rate, PROBE_SECONDS);
      probes.push(result);
      if (result.sustained) good = rate;
      else bad = rate;
    }
    while (bad !== undefined && (bad - good) / bad > 0.06 && probes.length < MAX_PROBES) {
      const rate = Math.round((good + bad) / 2);
      const result = await probe(rate, PROBE_SECONDS);
      probes.push(result);
      if (result.sustained) good = rate;
      else bad = rate;
    }
    const maxRate = good;
    log(`maximum sustained rate ≈ ${maxRate}/s`);

    const steps: Outcome['steps'] = [];
    for (const percent of STEPS) {
      if (maxRate === 0) break;
      steps.push({ percent, ...(await probe((maxRate * percent) / 100, STEP_SECONDS)) });
    }

    // What an order costs: a step at half the maximum, minus what the same system does idle as long.
    const systemCpu = cpuMeter(() => system.pid);
    const postgresCpu = cpuMeter(() => server.pid());
    const brokerPid = transport.env.AMQP_URL ? pidsMatching('beam.smp')[0] : undefined;
    const brokerCpu = cpuMeter(() => brokerPid);
    const costRate = Math.max(5, maxRate / 2);
    await sleep(STATS_FLUSH_MS);
    const start = await activity.read();
    const statementsBefore = await activity.statementCalls();
    for (const meter of [systemCpu, postgresCpu, brokerCpu]) meter.reset();
    const costStarted = performance.now();
    const costProbe = await probe(costRate, STEP_SECONDS);
    const statementsAfter = await activity.statementCalls();
    const statementSeconds = (performance.now() - costStarted) / 1000;
    await sleep(STATS_FLUSH_MS);
    const busySeconds = (performance.now() - costStarted) / 1000;
    const busy = subtract(await activity.read(), start);
    const busyCpu = [systemCpu.elapsed(), postgresCpu.elapsed(), brokerCpu.elapsed()];
    const idleStart = await activity.read();
    const idleStatementsBefore = await activity.statementCalls();
    for (const meter of [systemCpu, postgresCpu, brokerCpu]) meter.reset();
    const idleStarted = performance.now();
    await sleep(busySeconds * 1000);
    const idleSeconds = (performance.now() - idleStarted) / 1000;
    const idle = subtract(await activity.read(), idleStart);
    const idleCpu = [systemCpu.elapsed(), postgresCpu.elapsed(), brokerCpu.elapsed()];
    const idleStatementsAfter = await activity.statementCalls();
    const top = statementDelta(statementsBefore, statementsAfter, {
      before: idleStatementsBefore,
      after: idleStatementsAfter,
      scale: statementSeconds / idleSeconds,
    }).slice(0, 45);
    const orders = costProbe.accepted;
    const scale = busySeconds / idleSeconds;
    const perOrder = (busyValue: number, idleValue: number) => (busyValue - idleValue * scale) / orders;
    const cost: Cost = {
      orders,
      perOrder: {
        transactions: perOrder(busy.transactions, idle.transactions),
        statements: perOrder(busy.statements, idle.statements),
        messages: perOrder(busy.messages, idle.messages),
      },
      cpuMs: {
        system: perOrder(busyCpu[0]!, idleCpu[0]!) * 1000,
        postgres: perOrder(busyCpu[1]!, idleCpu[1]!) * 1000,
        broker: perOrder(busyCpu[2]!, idleCpu[2]!) * 1000,
      },
      top: top.map((entry) => ({
        calls: entry.calls / orders,
        meanMs: entry.calls > 0 ? entry.totalMs / entry.calls : 0,
        query: entry.query,
      })),
    };
    const outcomes = await orderOutcomes(client, shop.buyers.slice(0, 1));
    if (outcomes.some((order) => order.status === 'PENDING'))
      throw new Error('an order stayed PENDING after the run');
    return { label: transport.label, maxRate, probes, steps, cost };
  } finally {
    await activity.close();
    await ordering.end({ timeout: 1 });
    await client.close();
    await system.stop();
    await dropDatabasesWithPrefix(server.url, prefix).catch(() => {});
    if (transport.env.AMQP_URL)
      await deleteRabbitMqNamespace(
        AMQP_URL,
        prefix,
        SUBSCRIPTIONS.map(({ group }) => group),
      ).catch(() => {});
  }
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–');
const triple = (values: number[]) =>
  `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))} / ${ms(percentile(values, 99))}`;

export async function run(): Promise<void> {
  const server = await benchDatabaseServer({
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'top' },
  });
  try {
    const outcomes: Outcome[] = [];
    for (const transport of TRANSPORTS) outcomes.push(await measureTransport(server, transport));
    const baseline = outcomes[0]!.maxRate || Number.NaN;
    const where = `solo mode, ${server.label}, ${machine()}`;
    printTable(
      `Maximum sustained orders/s, POST → CONFIRMED, open-loop (${where}); target ≥ ${TARGET_RATE}/s`,
      [
        'transport',
        'max orders/s',
        'vs default',
        'vs target',
        'DB transactions / order',
        'statements (round trips) / order',
        'messages / order',
        'CPU ms / order: system, PostgreSQL, broker',
      ],
      outcomes.map((outcome) => [
        outcome.label,
        String(outcome.maxRate),
        `${(outcome.maxRate / baseline).toFixed(2)}×`,
        `${(outcome.maxRate / TARGET_RATE).toFixed(2)}×`,
        outcome.cost.perOrder.transactions.toFixed(1),
        outcome.cost.perOrder.statements.toFixed(1),
        outcome.cost.perOrder.messages.toFixed(1),
        `${outcome.cost.cpuMs.system.toFixed(2)}, ${outcome.cost.cpuMs.postgres.toFixed(2)}, ${outcome.cost.cpuMs.broker.toFixed(2)}`,
      ]),
    );
    printTable(
      `Latency at fractions of the maximum, ${STEP_SECONDS} s per step (POST from the intended send time; saga = placed → CONFIRMED); target at 70 %: POST p99 < 50 ms, saga p99 < 500 ms`,
      [
        'transport',
        '% of max',
        'orders/s',
        'POST p50 / p95 / p99 ms',
        'saga p50 / p95 / p99 ms',
        'errors',
        'settled',
      ],
      outcomes.flatMap((outcome) =>
        outcome.steps.map((step) => [
          outcome.label,
          `${step.percent} %`,
          step.rate.toFixed(0),
          triple(step.post),
          triple(step.saga),
          String(step.errors),
          step.settled ? 'yes' : 'no',
        ]),
      ),
    );
    printTable(
      'Probes that found the maximum (sustained = all accepted, all settled in time, saga p99 within bound)',
      ['transport', 'orders/s', 'accepted', 'POST p99 ms', 'saga p99 ms', 'sustained'],
      outcomes.flatMap((outcome) =>
        outcome.probes.map((probe) => [
          outcome.label,
          probe.rate.toFixed(0),
          `${probe.accepted}/${probe.sent}`,
          ms(percentile(probe.post, 99)),
          ms(percentile(probe.saga, 99)),
          probe.sustained ? 'yes' : 'no',
        ]),
      ),
    );
    for (const outcome of outcomes) {
      printTable(
        `Statements called most per order, ${outcome.label}`,
        ['calls / order', 'mean ms', 'statement'],
        outcome.cost.top.map((entry) => [entry.calls.toFixed(2), entry.meanMs.toFixed(3), entry.query]),
      );
    }
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
