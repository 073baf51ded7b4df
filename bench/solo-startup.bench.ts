/**
 * How long `npm start` takes until /health/ready answers 200: from an empty data folder (initdb, migrations,
 * seeding) and on a restart, beside the floor it cannot beat — embedded PostgreSQL alone starting on the
 * same folder — measured in the same run.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedCluster } from '@bazaar/postgres';
import { freePort, spawnSolo } from '@bazaar/testing';
import { machine, printTable } from './src/table.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

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
  const row = (name: string, values: number[]) => [
    name,
    (median(values) / 1000).toFixed(2),
    (Math.min(...values) / 1000).toFixed(2),
    (Math.max(...values) / 1000).toFixed(2),
    `${(median(values) / floor).toFixed(1)}×`,
  ];
  printTable(
    `Start-up until /health/ready = 200, median of ${RUNS} (${machine()})`,
    ['what starts', 'median s', 'min s', 'max s', 'vs PostgreSQL alone'],
    [
      row('embedded PostgreSQL alone, existing data', postgresOnly),
      row('npm start, empty data folder (initdb, migrate, seed)', cold),
      row('npm start, restart on existing data', warm),
    ],
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
