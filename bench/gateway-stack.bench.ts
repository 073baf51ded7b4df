/**
 * The gateway against baselines, one run, one trivial upstream for every row: (a) a bare undici proxy,
 * (b) Bazaar's gateway with every feature on (token cache, local rate limits, per-upstream policies, load
 * shedding, access log), (c) the same with rate-limit counters in Redis, (b) again in two processes
 * (node:cluster), (d) the classic Express + http-proxy-middleware + express-rate-limit + jsonwebtoken stack,
 * and the upstream called directly as the floor. Each runs in a process of its own; this process is only
 * the load generator.
 *
 * Per target: the maximum request rate closed-loop (autocannon, fixed connections), then open-loop at 70 %
 * of that target's own maximum (latency from each request's intended send time), each paired with the
 * upstream called directly at the same rate, whose p99 is subtracted ("p99 added"). Targets alternate over
 * rounds so drift hits all alike; medians are reported.
 *
 * Env: BENCH_DURATION (closed-loop seconds, 5), BENCH_OPEN_DURATION (open-loop seconds, 10), BENCH_ROUNDS (2),
 * BENCH_CONNECTIONS (closed-loop connections, 32), BENCH_TARGETS (keys to run, e.g. "bare,gateway"),
 * BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_CPU_PROF (a folder: the proxies run with --cpu-prof),
 * BENCH_LOAD_FRACTION (0.7), BENCH_GATEWAY_EXTRA_ENV (JSON added to every gateway's configuration, e.g.
 * '{"ACCESS_LOG":"off"}').
 */

import { createReadStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '@bazaar/auth';
import { openLoop, percentile } from '@bazaar/cli';
import { freePort, GENEROUS_RATE_LIMITS } from '@bazaar/testing';
import autocannon from 'autocannon';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type BenchChild, startChild } from './src/gateway-stack/child.js';
import { machineBusySeconds } from './src/gateway-stack/machine-cpu.js';
import { rawGetClient } from './src/gateway-stack/raw-get.js';
import { cpuMeter } from './src/process-cpu.js';
import { machine, printTable } from './src/table.js';

const CLOSED_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CPU_PROFILES = process.env.BENCH_CPU_PROF;
/** The open-loop rate as a share of each row's max: 0.7 is the target's point; BENCH_LOAD_FRACTION to explore. */
const LOAD_FRACTION = Number(process.env.BENCH_LOAD_FRACTION ?? 0.7);
const PERCENT = `${Math.round(LOAD_FRACTION * 100)} %`;
/** Keep-alive connections from each proxy to the upstream: the gateway's default UPSTREAM_CONNECTIONS. */
const POOL_CONNECTIONS = 64;
const PATH = '/api/users/me';
const UPSTREAM_ENTRY = fileURLToPath(new URL('./src/gateway-stack/upstream.ts', import.meta.url));
const TARGET_ENTRY = fileURLToPath(new URL('./src/gateway-stack/target.ts', import.meta.url));

type TargetKey = 'upstream' | 'bare' | 'gateway' | 'gateway-redis' | 'gateway-2' | 'classic';

interface TargetSpec {
  key: TargetKey;
  label: string;
  /** Which of the two tokens it is sent: the gateway only takes EdDSA, jsonwebtoken has no EdDSA. */
  token: 'eddsa' | 'rs256';
  start(upstreamUrl: string, logDir: string): Promise<BenchChild>;
}

const gatewayEnv = (upstreamUrl: string, extra: Record<string, string> = {}) =>
  JSON.stringify({
    ...Object.fromEntries(
      [
        'IDENTITY',
        'CATALOG',
        'ORDERING',
        'NOTIFICATION',
        'INVENTORY',
        'PAYMENT',
        'SHIPPING',
        'ANALYTICS',
      ].map((service) => [`${service}_URL`, upstreamUrl]),
    ),
    // One user at full speed: far above a real per-user limit, but every request is still counted.
    RATE_LIMITS: GENEROUS_RATE_LIMITS,
    BAZAAR_DB_PREFIX: `benchstack_${process.pid}`,
    ...extra,
    // For taking one feature away at a time, e.g. {"ACCESS_LOG":"off"}.
    ...(JSON.parse(process.env.BENCH_GATEWAY_EXTRA_ENV ?? '{}') as Record<string, string>),
  });

async function startTarget(
  name: string,
  kind: 'bare' | 'classic' | 'gateway',
  upstreamUrl: string,
  logDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<BenchChild> {
  const profileDir = CPU_PROFILES ? join(CPU_PROFILES, name) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  return startChild(name, TARGET_ENTRY, {
    args: [kind],
    logFile: join(logDir, `${name}.log`),
    nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    env: {
      BENCH_PORT: String(await freePort()),
      BENCH_UPSTREAM_URL: upstreamUrl,
      BENCH_POOL_CONNECTIONS: String(POOL_CONNECTIONS),
      ...env,
    },
  });
}

const TARGETS: TargetSpec[] = [
  {
    key: 'bare',
    label: '(a) bare undici proxy (baseline)',
    token: 'eddsa',
    start: (upstream, logs) => startTarget('bare', 'bare', upstream, logs),
  },
  {
    key: 'gateway',
    label: '(b) Bazaar gateway, every feature on',
    token: 'eddsa',
    start: (upstream, logs) =>
      startTarget('gateway', 'gateway', upstream, logs, { BENCH_GATEWAY_ENV: gatewayEnv(upstream) }),
  },
  {
    key: 'gateway-redis',
    label: '(c) Bazaar gateway, rate limits in Redis',
    token: 'eddsa',
    start: (upstream, logs) =>
      startTarget('gateway-redis', 'gateway', upstream, logs, {
        BENCH_GATEWAY_ENV: gatewayEnv(upstream, { REDIS_URL }),
      }),
  },
  {
    key: 'gateway-2',
    label: '(b) Bazaar gateway, 2 processes (node:cluster)',
    token: 'eddsa',
    start: (upstream, logs) =>
      startTarget('gateway-2', 'gateway', upstream, logs, {
        BENCH_GATEWAY_ENV: gatewayEnv(upstream),
        BENCH_GATEWAY_WORKERS: '2',
      }),
  },
  {
    key: 'classic',
    label: '(d) Express + http-proxy-middleware + express-rate-limit + jsonwebtoken',
    token: 'rs256',
    start: (upstream, logs) => startTarget('classic', 'classic', upstream, logs),
  },
];

/** Two key pairs whose public halves the upstream serves, and a token signed by each, same claims. */
async function signingKeys() {
  const ed = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const rsa = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwks = {
    keys: [
      { ...(await exportJWK(ed.publicKey)), kid: 'bench-ed25519', alg: 'EdDSA', use: 'sig' },
      { ...(await exportJWK(rsa.publicKey)), kid: 'bench-rs256', alg: 'RS256', use: 'sig' },
    ],
  };
  const sign = (alg: 'EdDSA' | 'RS256', kid: string, key: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ role: 'customer', email: 'bench@example.com' })
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setSubject('0195f1a8-7c2e-7d4b-9a51-3f0c2b6e8d10')
      .setIssuer(DEFAULT_ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(key);
  return {
    jwks: JSON.stringify(jwks),
    tokens: {
      eddsa: await sign('EdDSA', 'bench-ed25519', ed.privateKey),
      rs256: await sign('RS256', 'bench-rs256', rsa.privateKey),
    },
  };
}

async function closedLoop(url: string, token: string, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `${url}${PATH}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors (closed loop)`);
  return result.requests.total / result.duration;
}

interface OpenLoopResult {
  p50: number;
  p99: number;
  failed: number;
  /** CPU of the target's processes per request, µs. */
  cpuMicros: number;
  /** CPU of this process (the load generator) per request, µs. */
  generatorMicros: number;
  /** Share of the machine's CPU that processes other than the bench's used meanwhile (0–1). */
  others: number;
}

async function openLoopAt(
  url: string,
  token: string,
  rate: number,
  seconds: number,
  pid: number,
  upstreamPid: number,
): Promise<OpenLoopResult> {
  // Far more connections than the steady state needs (rate × latency), so a stall queues in the target.
  const client = rawGetClient(url, PATH, { authorization: `Bearer ${token}` }, 256);
  const request = async () => {
    const status = await client.get();
    if (status !== 200) throw new Error(`status ${status}`);
  };
  try {
    // A second at the same rate first, not counted: the connections (here and the proxy's to the upstream)
    // open then, so their set-up is not a backlog that the measured window starts with.
    await openLoop({ rate, durationMs: 1000, request });
    const cpu = cpuMeter(() => pid);
    const upstreamCpu = cpuMeter(() => upstreamPid);
    const generator = process.cpuUsage();
    const busyBefore = machineBusySeconds();
    const startedAt = performance.now();
    const samples = await openLoop({ rate, durationMs: seconds * 1000, request });
    const latencies = samples.filter((sample) => !sample.error).map((sample) => sample.latencyMs);
    const generatorUsage = process.cpuUsage(generator);
    const generatorSeconds = (generatorUsage.user + generatorUsage.system) / 1e6;
    const targetSeconds = cpu.elapsed();
    const ours = generatorSeconds + targetSeconds + (pid === upstreamPid ? 0 : upstreamCpu.elapsed());
    const wall = (performance.now() - startedAt) / 1000;
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failed: samples.length - latencies.length,
      cpuMicros: (targetSeconds * 1e6) / samples.length,
      generatorMicros: (generatorSeconds * 1e6) / samples.length,
      others: Math.max(0, machineBusySeconds() - busyBefore - ours) / (wall * cpus().length),
    };
  } finally {
    client.close();
  }
}

/** The middle value; the mean of the middle two for an even count. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function waitReady(target: BenchChild): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${target.url}/health/ready`)).status === 200) return;
    } catch {
      // not yet
    }
    if (performance.now() > deadline) throw new Error(`${target.name} is not ready after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Access-log lines in a gateway's log: proof that it wrote one per request. */
async function accessLogLines(file: string): Promise<number> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (line.includes('"log":"access"')) lines++;
  }
  return lines;
}

/** A sample of the gateway's Prometheus metrics (one worker's, in the cluster). */
async function metric(url: string, name: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return (
    text
      .split('\n')
      .filter((line) => line.startsWith(name) && !line.endsWith(' 0'))
      .map((line) => line.replace(/^[^{ ]+/, '').replace(/,?service="gateway",?/, ''))
      .join(' ') || '0'
  );
}

export async function run(): Promise<void> {
  // The proxies' processes import the workspaces' compiled dist: build what a source changed in.
  const { buildIfStale } = await import('../scripts/build.mjs');
  await buildIfStale();
  const only = process.env.BENCH_TARGETS?.split(',').map((key) => key.trim());
  const specs = TARGETS.filter((spec) => !only || only.includes(spec.key));
  const { jwks, tokens } = await signingKeys();
  const loadBefore = loadavg()[0]!;
  const logDir = mkdtempSync(join(tmpdir(), 'bazaar-gateway-stack-'));
  const started: BenchChild[] = [];
  try {
    const upstream = await startChild('upstream', UPSTREAM_ENTRY, {
      env: { BENCH_PORT: String(await freePort()), BENCH_JWKS: jwks },
    });
    started.push(upstream);
    const targets = [];
    for (const spec of specs) {
      const child = await spec.start(upstream.url, logDir);
      started.push(child);
      if (spec.key.startsWith('gateway')) await waitReady(child);
      targets.push({ ...spec, child, token: tokens[spec.token] });
    }
    const floor = {
      key: 'upstream' as const,
      label: 'upstream direct (floor)',
      child: upstream,
      token: tokens.eddsa,
    };
    const all = [...targets, floor];
    for (const target of all) {
      const answer = await fetch(`${target.child.url}${PATH}`, {
        headers: { authorization: `Bearer ${target.token}` },
      });
      const body = await answer.text();
      if (answer.status !== 200 || !body.includes('bench@example.com'))
        throw new Error(`${target.label}: ${answer.status} ${body}`);
      await closedLoop(target.child.url, target.token, 2); // warm-up: JIT, pools, caches
    }

    const max = new Map<TargetKey, number[]>(all.map((target) => [target.key, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of all) {
        const cpu = cpuMeter(() => target.child.pid);
        const rate = await closedLoop(target.child.url, target.token, CLOSED_SECONDS);
        const micros = (cpu.elapsed() * 1e6) / (rate * CLOSED_SECONDS);
        max.get(target.key)!.push(rate);
        console.log(
          `round ${round + 1}, closed loop: ${target.label}: ${rate.toFixed(0)} req/s, ${micros.toFixed(0)} µs CPU/req`,
        );
      }
    }
    const maxRate = (key: TargetKey) => median(max.get(key) ?? []);

    // Open loop: each proxy at 70 % (LOAD_FRACTION) of its own max, then the upstream directly at the same rate, right
    // after, so both see the same moment of the machine. (The upstream's own 70 % is beyond what one
    // generator process can send on these cores; its latency is shown at (b)'s rate.)
    type Paired = { target: OpenLoopResult; floor: OpenLoopResult };
    const open = new Map<TargetKey, Paired[]>(targets.map((target) => [target.key, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        const rate = Math.round(LOAD_FRACTION * maxRate(target.key));
        const at = (child: BenchChild, token: string) =>
          openLoopAt(child.url, token, rate, OPEN_SECONDS, child.pid, upstream.pid);
        const measured = await at(target.child, target.token);
        const direct = await at(upstream, tokens.eddsa);
        open.get(target.key)!.push({ target: measured, floor: direct });
        const line = (result: OpenLoopResult) =>
          `p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, CPU µs/req ${result.cpuMicros.toFixed(0)} (generator ${result.generatorMicros.toFixed(0)}), others ${(100 * result.others).toFixed(0)} % of the machine${result.failed ? `, ${result.failed} failed` : ''}`;
        console.log(
          `round ${round + 1}, open loop at ${rate}/s: ${target.label}: ${line(measured)}; upstream direct: ${line(direct)}`,
        );
      }
    }

    const ratio = (key: TargetKey, baseline: TargetKey) =>
      max.get(baseline)?.length ? `${(maxRate(key) / maxRate(baseline)).toFixed(2)}×` : '–';
    const of = (key: TargetKey, pick: (run: Paired) => number) => median(open.get(key)!.map(pick));
    const ms = (value: number) => value.toFixed(2);
    const floorAt = open.has('gateway') ? 'gateway' : targets[0]!.key;
    printTable(
      `GET ${PATH}, the same trivial upstream behind every row; max: closed loop, ${CONNECTIONS} connections, ` +
        `${ROUNDS} × ${CLOSED_SECONDS} s; latency: open loop at ${PERCENT} of the row's own max, ${ROUNDS} × ` +
        `${OPEN_SECONDS} s, from the intended send time; medians over rounds (${machine()}; load average ` +
        `${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after)`,
      [
        'target',
        'max req/s',
        'vs (a)',
        'vs (d)',
        `${PERCENT} rate/s`,
        'p50 ms',
        'p99 ms',
        'upstream direct p99 ms at that rate',
        'p99 added ms',
        'CPU µs/req',
        "others' CPU",
        'failed',
      ],
      [
        ...targets.map((target) => [
          target.label,
          maxRate(target.key).toFixed(0),
          ratio(target.key, 'bare'),
          ratio(target.key, 'classic'),
          Math.round(LOAD_FRACTION * maxRate(target.key)),
          ms(of(target.key, (run) => run.target.p50)),
          ms(of(target.key, (run) => run.target.p99)),
          ms(of(target.key, (run) => run.floor.p99)),
          ms(of(target.key, (run) => run.target.p99 - run.floor.p99)),
          of(target.key, (run) => run.target.cpuMicros).toFixed(0),
          `${(100 * of(target.key, (run) => Math.max(run.target.others, run.floor.others))).toFixed(0)} %`,
          open.get(target.key)!.reduce((sum, run) => sum + run.target.failed, 0),
        ]),
        [
          `${floor.label}, latency at the rate of ${targets.find((target) => target.key === floorAt)!.label.split(' ')[0]}`,
          maxRate('upstream').toFixed(0),
          ratio('upstream', 'bare'),
          ratio('upstream', 'classic'),
          Math.round(LOAD_FRACTION * maxRate(floorAt)),
          ms(of(floorAt, (run) => run.floor.p50)),
          ms(of(floorAt, (run) => run.floor.p99)),
          '',
          '',
          of(floorAt, (run) => run.floor.cpuMicros).toFixed(0),
          `${(100 * of(floorAt, (run) => run.floor.others)).toFixed(0)} %`,
          open.get(floorAt)!.reduce((sum, run) => sum + run.floor.failed, 0),
        ],
      ],
    );

    if (max.has('gateway') && max.has('bare') && max.has('classic')) {
      const verdict = (met: boolean) => (met ? 'met' : 'missed');
      const added = of('gateway', (run) => run.target.p99 - run.floor.p99);
      console.log(
        `\ntargets for (b): ≥ 0.80× (a): ${ratio('gateway', 'bare')}, ${verdict(maxRate('gateway') >= 0.8 * maxRate('bare'))}; ` +
          `≥ 15× (d): ${ratio('gateway', 'classic')}, ${verdict(maxRate('gateway') >= 15 * maxRate('classic'))}; ` +
          `p99 added at ${PERCENT} < 2 ms (the target is at 70 %): ${ms(added)} ms, ${verdict(added < 2)}`,
      );
    }
    for (const target of targets.filter((target) => target.key.startsWith('gateway'))) {
      const lines = await accessLogLines(join(logDir, `${target.child.name}.log`));
      const store = await metric(target.child.url, 'gateway_rate_limit_store');
      const fallbacks = await metric(target.child.url, 'gateway_rate_limit_redis_fallbacks_total');
      const outcomes = await metric(target.child.url, 'gateway_upstream_requests_total');
      console.log(
        `${target.label}: ${lines} access-log lines; rate-limit store ${store}, Redis fallbacks ${fallbacks}; upstream outcomes ${outcomes}`,
      );
    }
  } finally {
    for (const child of started.reverse()) await child.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
