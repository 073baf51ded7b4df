/**
 * A traffic spike on order placement (DESIGN.md §9: "a 10× spike: only 429/503 with Retry-After, never a
 * lost order"). The whole system runs in solo mode as a child process (`src/system.ts`, the compiled CLI as
 * `npm start` runs it) on the bench database server; this process drives POST /api/orders **open-loop**
 * (apps/cli/src/load/open-loop.ts: a fixed arrival rate whatever the system does, latency from the intended
 * send time) through these phases:
 *
 * 1. warm-up at a low rate (connections, prepared statements, JIT), then a wait until it has settled;
 * 2. R, the sustainable rate: BENCH_SPIKE_RATE, or measured by a short ramp of probes (all accepted, POST
 *    p99 within the target, every order settled within 3 s of the last send — order-fulfilment's criteria,
 *    cheaper), rising ×1.5 and then bisected;
 * 3. the timeline, one schedule without gaps: R for BENCH_SPIKE_BEFORE_S, FACTOR·R for BENCH_SPIKE_S, R for
 *    BENCH_SPIKE_AFTER_S;
 * 4. a wait (up to BENCH_SPIKE_SETTLE_S) until every accepted order is CONFIRMED or CANCELLED in ordering's
 *    read model, then the invariant checker (`checkInvariants`, what `npm run check-invariants` runs).
 *
 * Every answer is classified: 202 admitted; 429 with Retry-After (a rate limit); 503 with Retry-After (shed:
 * `overloaded`, `bulkhead-full`, `circuit-open`, …); anything else — another status, a 429/503 without
 * Retry-After, a timeout (BENCH_SPIKE_TIMEOUT_MS), a connection error — is a violation. It prints the
 * timeline per second, a summary per phase and the targets, and throws (after printing) if one is missed.
 *
 * The gateway's shedding and bulkheads are configured by the environment this runs in (SHED_*,
 * UPSTREAM_POLICIES are passed to the system as they are); RATE_LIMITS too, else per-user order limits far
 * above what the buyers send (the spike is about capacity, not about one user's quota).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Buyer,
  checkInvariants,
  formatInvariants,
  type HttpClient,
  httpClient,
  type InvariantResult,
  openLoop,
  type PlacedOrder,
  percentile,
  placeOrder,
  prepareShop,
  type Sample,
  type ShopSetup,
} from '@bazaar/cli';
import { dropDatabasesWithPrefix, freePort, uniqueDatabasePrefix } from '@bazaar/testing';
import postgres from 'postgres';
import { benchDatabaseServer } from './src/storage.js';
import { startSystem } from './src/system.js';
import { machine, printTable } from './src/table.js';

function numberFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, not ${text}`);
  return value;
}

const FACTOR = numberFromEnv('BENCH_SPIKE_FACTOR', 10);
const WARMUP_RATE = 10;
const WARMUP_S = numberFromEnv('BENCH_SPIKE_WARMUP_S', 5);
const BEFORE_S = numberFromEnv('BENCH_SPIKE_BEFORE_S', 10);
const SPIKE_S = numberFromEnv('BENCH_SPIKE_S', 30);
const AFTER_S = numberFromEnv('BENCH_SPIKE_AFTER_S', 20);
const SETTLE_S = numberFromEnv('BENCH_SPIKE_SETTLE_S', 300);
const PROBE_S = numberFromEnv('BENCH_SPIKE_PROBE_S', 8);
const PROBE_START_RATE = numberFromEnv('BENCH_SPIKE_PROBE_START', 20);
const MAX_PROBES = 8;
const PROBE_DRAIN_MS = 3_000;
const BUYERS = numberFromEnv('BENCH_SPIKE_BUYERS', 200);
const TIMEOUT_MS = numberFromEnv('BENCH_SPIKE_TIMEOUT_MS', 10_000);
// Many connections, as many clients would open: the client's own pool must not be the queue that protects
// the gateway (nor hide its in-flight cap).
const CONNECTIONS = numberFromEnv('BENCH_SPIKE_CONNECTIONS', 4_096);
const P99_TARGET_MS = 200;
const ADMIN = { email: 'admin@bazaar.local', password: 'bench-admin-Passw0rd' };
// 100 orders a second per user: with 200 buyers that is 20,000/s, far above any spike of this machine, yet a
// limit the gateway counts and could answer 429 for (an allowed answer).
const RATE_LIMITS = JSON.stringify({
  default: { limit: 1_000_000_000 },
  auth: { limit: 1_000_000_000 },
  login: { limit: 1_000_000_000 },
  'login-email': { limit: 1_000_000_000 },
  orders: { limit: 6_000, windowSeconds: 60 },
});
// What the system is told about shedding and bulkheads (passed through as they are; unset = its defaults).
const SHEDDING_VARIABLES = [
  'SHED_EVENT_LOOP_DELAY_MS',
  'SHED_HEAP_USED_BYTES',
  'SHED_MAX_IN_FLIGHT',
  'SHED_SAMPLE_INTERVAL_MS',
  'SHED_RETRY_AFTER_SECONDS',
  'UPSTREAM_POLICIES',
];

/** One POST /api/orders answer with its Retry-After header. */
interface Answer extends PlacedOrder {
  retryAfter: string | null;
}

type Verdict = 'admitted' | 'limited' | 'shed' | 'violation';

/** What an answer counts as, and a key naming it (`202`, `503 overloaded`, `transport UND_ERR_…`). */
function classify(sample: Sample<Answer>): { verdict: Verdict; key: string } {
  const answer = sample.value;
  if (!answer) {
    const error = sample.error as { code?: string; cause?: { code?: string }; name?: string };
    return {
      verdict: 'violation',
      key: `transport ${error?.cause?.code ?? error?.code ?? error?.name ?? 'error'}`,
    };
  }
  const type = answer.problemType?.replace(/^urn:bazaar:problem:/, '') ?? 'no problem';
  const hasRetryAfter = answer.retryAfter !== null && answer.retryAfter.trim() !== '';
  if (answer.status === 202 && answer.orderId) return { verdict: 'admitted', key: '202' };
  if (answer.status === 429 && hasRetryAfter) return { verdict: 'limited', key: `429 ${type}` };
  if (answer.status === 503 && hasRetryAfter) return { verdict: 'shed', key: `503 ${type}` };
  const missing = answer.status === 429 || answer.status === 503 ? ' without Retry-After' : '';
  return { verdict: 'violation', key: `${answer.status} ${type}${missing}` };
}

interface Classified {
  sample: Sample<Answer>;
  verdict: Verdict;
  key: string;
}

interface Phase {
  name: string;
  rate: number;
  seconds: number;
}

interface Settling {
  /** Accepted orders by read-model status; `missing` = not in the read model. */
  statuses: Record<string, number>;
  /** Orders PENDING in the read model, the bench's own or any other (a request that timed out, say). */
  pendingAnywhere: number;
  settled: boolean;
  waitedMs: number;
}

interface ProbeResult {
  rate: number;
  sent: number;
  admitted: number;
  p99: number;
  settledInTime: boolean;
  sustained: boolean;
}

/** `SHED_MAX_IN_FLIGHT=64 UPSTREAM_POLICIES=…`, or what is left at the system's defaults. */
function sheddingSettings(): string {
  const set = SHEDDING_VARIABLES.filter((name) => process.env[name] !== undefined);
  return set.length > 0 ? set.map((name) => `${name}=${process.env[name]}`).join(' ') : 'system defaults';
}

/** The measured checkout's commit, and whether the gateway or its building blocks had uncommitted changes. */
function measuredCommit(): string {
  const cwd = process.env.BENCH_SYSTEM_ROOT || new URL('../', import.meta.url).pathname;
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', 'apps/gateway', 'packages/service-host', 'packages/resilience', 'services'],
      { cwd, encoding: 'utf8' },
    ).trim();
    return dirty ? `${commit} + uncommitted changes in the gateway/service host/resilience/services` : commit;
  } catch {
    return 'unknown commit';
  }
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–');
const countBy = (keys: readonly string[]) => {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
};
const formatCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || 'none';

/**
 * Buyers and stock once /health/ready answers 200: right after its banner the system is still busy (its
 * subscriptions catch up on the seed) and may shed a login. A set-up refused with 429/503 is tried again.
 */
async function prepareShopWhenReady(client: HttpClient): Promise<ShopSetup> {
  for (let attempt = 1; ; attempt++) {
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline) {
      const response = await fetch(`${client.baseUrl}/health/ready`).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) break;
      await sleep(100);
    }
    try {
      return await prepareShop(client, {
        admin: ADMIN,
        buyers: BUYERS,
        products: 50,
        unitsPerProduct: 1_000_000,
      });
    } catch (error) {
      if (attempt >= 5 || !/got (429|503)/.test((error as Error).message)) throw error;
      console.log(`  [spike] set-up refused (${(error as Error).message.slice(0, 120)}…); again`);
      await sleep(1_000);
    }
  }
}

export async function run(): Promise<void> {
  const server = await benchDatabaseServer();
  const prefix = uniqueDatabasePrefix('benchspike');
  const system = await startSystem({
    port: await freePort(),
    env: {
      DATABASE_URL: server.socketUrl || server.url,
      BAZAAR_DB_PREFIX: prefix,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      RATE_LIMITS: process.env.RATE_LIMITS ?? RATE_LIMITS,
    },
  });
  // The Retry-After of the answer a request got, carried from the client's middleware to its caller.
  const retryAfter = new AsyncLocalStorage<{ value: string | null }>();
  const client: HttpClient = httpClient(system.url, {
    connections: CONNECTIONS,
    timeoutMs: TIMEOUT_MS,
    middleware: [
      {
        onResponse({ response }) {
          const slot = retryAfter.getStore();
          if (slot) slot.value = response.headers.get('retry-after');
        },
      },
    ],
  });
  const ordering = postgres(new URL(`/${prefix}_ordering`, server.url).toString(), {
    max: 2,
    onnotice: () => {},
  });
  const log = (line: string) => console.log(`  [spike] ${line}`);
  try {
    const shop = await prepareShopWhenReady(client);
    let next = 0;
    const send = (): Promise<Answer> => {
      const index = next++;
      const slot = { value: null as string | null };
      return retryAfter.run(slot, async () => {
        const placed = await placeOrder(
          client,
          shop.buyers[index % shop.buyers.length] as Buyer,
          shop.productIds[index % shop.productIds.length]!,
        );
        return { ...placed, retryAfter: slot.value };
      });
    };

    /** Waits until these orders are CONFIRMED or CANCELLED in the read model (and none is PENDING), or the deadline. */
    async function settle(ids: readonly string[], deadlineMs: number): Promise<Settling> {
      const started = performance.now();
      for (;;) {
        const rows = await ordering<{ status: string; n: number }[]>`
          SELECT status, count(*)::int AS n FROM order_summaries
          WHERE order_id = ANY(${ids as string[]}::uuid[]) GROUP BY status`;
        const statuses: Record<string, number> = Object.fromEntries(rows.map((row) => [row.status, row.n]));
        const found = rows.reduce((sum, row) => sum + row.n, 0);
        if (found < ids.length) statuses.missing = ids.length - found;
        const [pending] = await ordering<{ n: number }[]>`
          SELECT count(*)::int AS n FROM order_summaries WHERE status = 'PENDING'`;
        const pendingAnywhere = pending?.n ?? 0;
        const settled =
          found === ids.length &&
          (statuses.CONFIRMED ?? 0) + (statuses.CANCELLED ?? 0) === ids.length &&
          pendingAnywhere === 0;
        const waitedMs = performance.now() - started;
        if (settled || waitedMs > deadlineMs) return { statuses, pendingAnywhere, settled, waitedMs };
        await sleep(250);
      }
    }

    const admittedIds = (classified: readonly Classified[]) =>
      classified.filter((entry) => entry.verdict === 'admitted').map((entry) => entry.sample.value!.orderId!);
    const classifyAll = (samples: readonly Sample<Answer>[]): Classified[] =>
      samples.map((sample) => ({ sample, ...classify(sample) }));

    /** One open-loop step at `rate`: sustained when all were admitted fast and settled within 3 s. */
    async function probe(rate: number, seconds: number, warmUp = false): Promise<ProbeResult> {
      const classified = classifyAll(await openLoop({ rate, durationMs: seconds * 1000, request: send }));
      const ids = admittedIds(classified);
      const inTime = await settle(ids, PROBE_DRAIN_MS);
      // An overloaded probe finishes before the next step starts.
      if (!inTime.settled) await settle(ids, 120_000);
      const p99 = percentile(
        classified.map((entry) => entry.sample.latencyMs),
        99,
      );
      const result: ProbeResult = {
        rate,
        sent: classified.length,
        admitted: ids.length,
        p99,
        settledInTime: inTime.settled,
        sustained: ids.length === classified.length && inTime.settled && p99 <= P99_TARGET_MS,
      };
      log(
        `${rate}/s for ${seconds} s: ${ids.length}/${classified.length} admitted, POST p99 ${ms(p99)} ms, ` +
          `${inTime.settled ? 'settled' : 'NOT settled'} within ${PROBE_DRAIN_MS} ms${warmUp ? ' (warm-up)' : ` → ${result.sustained ? 'sustained' : 'not sustained'}`}`,
      );
      return result;
    }

    if (WARMUP_S > 0) await probe(WARMUP_RATE, WARMUP_S, true);

    // R: given, or the highest probed rate that was sustained.
    const probes: ProbeResult[] = [];
    const given = numberFromEnv('BENCH_SPIKE_RATE', 0);
    let rate = given;
    if (rate === 0) {
      let good = 0;
      let bad: number | undefined;
      // Up by half each time until a rate is not sustained, then bisected to within 10 %.
      for (let step = PROBE_START_RATE; probes.length < MAX_PROBES; ) {
        const result = await probe(step, PROBE_S);
        probes.push(result);
        if (result.sustained) good = step;
        else bad = step;
        if (bad === undefined) step = Math.round(step * 1.5);
        else if ((bad - good) / bad > 0.1) step = Math.round((good + bad) / 2);
        else break;
      }
      if (good === 0) throw new Error(`not even ${PROBE_START_RATE} orders/s were sustained`);
      rate = good;
    }
    const rateSource = given > 0 ? 'BENCH_SPIKE_RATE' : `measured by ${probes.length} probes of ${PROBE_S} s`;
    const phases: Phase[] = [
      { name: 'normal', rate, seconds: BEFORE_S },
      { name: 'spike', rate: rate * FACTOR, seconds: SPIKE_S },
      { name: 'recovery', rate, seconds: AFTER_S },
    ].filter((phase) => phase.seconds > 0);
    log(
      `R = ${rate}/s (${rateSource}); timeline: ${phases.map((p) => `${p.name} ${p.rate}/s for ${p.seconds} s`).join(', ')}`,
    );

    // The timeline is one open-loop schedule at the highest phase rate, so a late timer cannot move a phase:
    // each slot sends while its phase is behind its own rate, and the other slots send nothing.
    let offset = 0;
    const starts = phases.map((phase) => {
      const start = offset;
      offset += phase.seconds;
      return start;
    });
    const slotRate = Math.max(...phases.map((phase) => phase.rate));
    const sentInPhase = phases.map(() => 0);
    const slot = (index: number): Promise<Answer | null> => {
      const at = index / slotRate;
      const phase = phases.findLastIndex((_, p) => at >= starts[p]!);
      const due = Math.min(
        phases[phase]!.rate * phases[phase]!.seconds,
        Math.floor((at - starts[phase]!) * phases[phase]!.rate + 1e-9) + 1,
      );
      if (sentInPhase[phase]! >= due) return Promise.resolve(null);
      sentInPhase[phase]! += 1;
      return send();
    };
    // The load generator's own event-loop delay, per second: where it lags, latency includes its own delay.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    const lagPerSecond: number[] = [];
    lag.enable();
    const startedWall = Date.now();
    const startedAt = performance.now();
    const lagTicker = setInterval(() => {
      const second = Math.floor((performance.now() - startedAt - 1) / 1000);
      lagPerSecond[second] = Math.max(lagPerSecond[second] ?? 0, lag.max / 1e6);
      lag.reset();
    }, 250);
    const slots = await openLoop({ rate: slotRate, durationMs: offset * 1000, request: slot });
    clearInterval(lagTicker);
    lag.disable();
    const classified = classifyAll(slots.filter((sample): sample is Sample<Answer> => sample.value !== null));
    const phaseOf = (second: number) => {
      let name = phases[0]?.name ?? '';
      phases.forEach((phase, index) => {
        if (second >= starts[index]!) name = phase.name;
      });
      return name;
    };
    const secondOf = (entry: Classified) => Math.floor((entry.sample.intendedAt - startedWall) / 1000);

    const ids = admittedIds(classified);
    log(`${classified.length} sent, ${ids.length} admitted; waiting up to ${SETTLE_S} s for them to settle`);
    const settling = await settle(ids, SETTLE_S * 1000);
    log(
      `${settling.settled ? 'settled' : 'NOT settled'} after ${(settling.waitedMs / 1000).toFixed(1)} s: ${formatCounts(settling.statuses)}`,
    );
    // The checker is meant for a quiet system: a failure right after settling is checked again once.
    let invariants: InvariantResult[] = await checkInvariants(server.url, prefix);
    if (invariants.some((result) => !result.ok)) {
      await sleep(5_000);
      invariants = await checkInvariants(server.url, prefix);
    }

    // The timeline, per second of intended send time.
    const seconds = Math.max(0, ...classified.map(secondOf)) + 1;
    const bySecond = Array.from({ length: seconds }, () => [] as Classified[]);
    for (const entry of classified) bySecond[secondOf(entry)]?.push(entry);
    const admittedLatencies = (entries: readonly Classified[]) =>
      entries.filter((entry) => entry.verdict === 'admitted').map((entry) => entry.sample.latencyMs);
    const count = (entries: readonly Classified[], verdict: Verdict) =>
      entries.filter((entry) => entry.verdict === verdict).length;
    const where = `solo mode, ${server.label}, ${machine()}`;
    console.log(
      `\nmeasured: ${measuredCommit()}; shedding: ${sheddingSettings()}; R = ${rate}/s (${rateSource}), ` +
        `spike ${FACTOR}× = ${rate * FACTOR}/s; ${BUYERS} buyers, client timeout ${TIMEOUT_MS} ms, ${CONNECTIONS} connections`,
    );
    if (probes.length > 0)
      printTable(
        `Probes for R (sustained: all admitted, POST p99 ≤ ${P99_TARGET_MS} ms, settled within ${PROBE_DRAIN_MS} ms)`,
        ['orders/s', 'admitted', 'POST p99 ms', 'settled in time', 'sustained'],
        probes.map((p) => [
          p.rate,
          `${p.admitted}/${p.sent}`,
          ms(p.p99),
          p.settledInTime ? 'yes' : 'no',
          p.sustained ? 'yes' : 'no',
        ]),
      );
    printTable(
      `Spike timeline per second of intended send time (${where}); latency from the intended send time`,
      [
        's',
        'phase',
        'offered',
        'admitted',
        '429',
        '503 shed',
        'violations',
        'admitted p50 ms',
        'admitted p99 ms',
        'load generator lag max ms',
      ],
      bySecond.map((entries, second) => {
        const latencies = admittedLatencies(entries);
        return [
          second,
          phaseOf(second),
          entries.length,
          count(entries, 'admitted'),
          count(entries, 'limited'),
          count(entries, 'shed'),
          count(entries, 'violation'),
          ms(percentile(latencies, 50)),
          ms(percentile(latencies, 99)),
          ms(lagPerSecond[second] ?? Number.NaN),
        ];
      }),
    );
    const groups: [string, Classified[]][] = [
      ...phases.map((phase): [string, Classified[]] => [
        `${phase.name} (${phase.rate}/s)`,
        classified.filter((entry) => phaseOf(secondOf(entry)) === phase.name),
      ]),
      ['whole timeline', classified],
    ];
    printTable(
      'Spike summary per phase',
      [
        'phase',
        'offered',
        'admitted',
        'admitted/s',
        '429',
        '503 shed (by problem)',
        'violations (by kind)',
        'admitted p50 / p99 / max ms',
      ],
      groups.map(([name, entries]) => {
        const latencies = admittedLatencies(entries);
        const phase = phases.find((p) => name.startsWith(p.name));
        const span = phase?.seconds ?? phases.reduce((sum, p) => sum + p.seconds, 0);
        const keys = (verdict: Verdict) =>
          countBy(entries.filter((entry) => entry.verdict === verdict).map((entry) => entry.key));
        return [
          name,
          entries.length,
          count(entries, 'admitted'),
          (count(entries, 'admitted') / span).toFixed(1),
          count(entries, 'limited'),
          `${count(entries, 'shed')}${count(entries, 'shed') ? ` (${formatCounts(keys('shed'))})` : ''}`,
          `${count(entries, 'violation')}${count(entries, 'violation') ? ` (${formatCounts(keys('violation'))})` : ''}`,
          `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))} / ${ms(latencies.length ? Math.max(...latencies) : Number.NaN)}`,
        ];
      }),
    );

    const spikeP99 = percentile(
      admittedLatencies(groups.find(([name]) => name.startsWith('spike'))?.[1] ?? []),
      99,
    );
    const overallP99 = percentile(admittedLatencies(classified), 99);
    const violations = count(classified, 'violation');
    const confirmed = settling.statuses.CONFIRMED ?? 0;
    const cancelled = settling.statuses.CANCELLED ?? 0;
    const invariantsOk = invariants.every((result) => result.ok);
    const targets: [string, string, boolean][] = [
      [
        'only 202, 429 + Retry-After or 503 + Retry-After',
        `${violations} violations${violations ? `: ${formatCounts(countBy(classified.filter((e) => e.verdict === 'violation').map((e) => e.key)))}` : ''}`,
        violations === 0,
      ],
      [`admitted p99 < ${P99_TARGET_MS} ms during the spike`, `${ms(spikeP99)} ms`, spikeP99 < P99_TARGET_MS],
      [
        `admitted p99 < ${P99_TARGET_MS} ms over the timeline`,
        `${ms(overallP99)} ms`,
        overallP99 < P99_TARGET_MS,
      ],
      [
        `every accepted order CONFIRMED or CANCELLED (settle wait ≤ ${SETTLE_S} s)`,
        `${ids.length} accepted: ${confirmed} CONFIRMED, ${cancelled} CANCELLED, ${settling.statuses.PENDING ?? 0} PENDING, ` +
          `${settling.statuses.missing ?? 0} not in the read model; ${settling.pendingAnywhere} PENDING in all; ` +
          `${settling.settled ? `settled ${(settling.waitedMs / 1000).toFixed(1)} s after the last answer` : 'not settled'}`,
        settling.settled,
      ],
      [
        'invariant checker (DESIGN.md §6)',
        invariantsOk ? 'all hold' : `${invariants.filter((r) => !r.ok).length} violated`,
        invariantsOk,
      ],
    ];
    printTable(
      `Spike targets (${FACTOR}× of ${rate}/s for ${SPIKE_S} s)`,
      ['target', 'measured', 'met'],
      targets.map(([target, measured, met]) => [target, measured, met ? 'yes' : 'NO']),
    );
    console.log(`\ninvariants\n${formatInvariants(invariants)}`);
    const missed = targets.filter(([, , met]) => !met).map(([target]) => target);
    if (missed.length > 0) throw new Error(`spike: missed ${missed.join('; ')}`);
  } finally {
    await ordering.end({ timeout: 1 });
    await client.close();
    await system.stop();
    await dropDatabasesWithPrefix(server.url, prefix).catch(() => {});
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
