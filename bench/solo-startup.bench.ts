/**
 * How long `npm start` takes until /health/ready answers 200 and the banner is printed: from an empty data
 * folder (initdb, migrations, seeding) and on a restart, beside the floor it cannot beat — embedded
 * PostgreSQL alone starting on the same folder — measured in the same run. It runs what `npm start` runs,
 * `node scripts/cli.mjs solo` (the compiled CLI, after its build check), but not npm itself, which adds
 * its own ~0.3 s before any of Bazaar runs.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedCluster } from '@bazaar/postgres';
import { freePort, spawnSolo } from '@bazaar/testing';
import { machine, printTable } from './src/table.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Issue 9's targets on a two-core machine. */
const TARGET_COLD_S = 2.5;
const TARGET_RESTART_S = 1;

/** Milliseconds from spawning `npm start`'s command until the gateway is ready; then stops it. */
async function timeSoloStart(dataDir: string): Promise<number> {
  const solo = spawnSolo({ port: await freePort(), env: { BAZAAR_DATA_DIR: dataDir, DATABASE_URL: '' } });
  try {
    return await solo.ready(120_000);
  } finally {
    solo.child.kill('SIGINT');
    await solo.exited;
  }
}

async function timePostgresAlone(dataDir: string): Promise<number> {
  const cluster = new EmbeddedCluster({ dataDir });
  const started = performance.now();
  await cluster.start();
  const elapsed = performance.now() - started;
  await cluster.stop();
  return elapsed;
}

export async function run(): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const postgresOnly: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-startup-'));
    chmodSync(dataDir, 0o755);
    try {
      cold.push(await timeSoloStart(dataDir));
      warm.push(await timeSoloStart(dataDir));
      postgresOnly.push(await timePostgresAlone(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const floor = median(postgresOnly);
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const row = (name: string, values: number[], target?: number) => [
    name,
    seconds(median(values)),
    seconds(Math.min(...values)),
    seconds(Math.max(...values)),
    `${(median(values) / floor).toFixed(1)}×`,
    target === undefined ? '' : `≤ ${target.toFixed(1)}`,
    target === undefined ? '' : median(values) / 1000 <= target ? 'met' : 'missed',
  ];
  printTable(
    `Start-up until /health/ready = 200 and the banner, median of ${RUNS} (${machine()})`,
    ['what starts', 'median s', 'min s', 'max s', 'vs PostgreSQL alone', 'target s', 'target'],
    [
      row('embedded PostgreSQL alone, existing data', postgresOnly),
      row('npm start, empty data folder (initdb, migrate, seed)', cold, TARGET_COLD_S),
      row('npm start, restart on existing data', warm, TARGET_RESTART_S),
    ],
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
