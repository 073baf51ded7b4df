/**
 * How long `npm start` takes until /health/ready answers 200: from an empty data folder (initdb, migrations,
 * seeding) and on a restart, beside the floor it cannot beat — embedded PostgreSQL alone starting on the
 * same folder — measured in the same run.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { EmbeddedCluster } from '@bazaar/postgres';
import { machine, printTable } from './src/table.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawning `npm start`'s command until the gateway is ready; then stops it. */
async function timeSoloStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'solo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      BAZAAR_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`solo exited with ${child.exitCode}`);
      if (performance.now() - started > 120_000) throw new Error('solo was not ready in 120 s');
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200)
          return performance.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
  } finally {
    child.kill('SIGINT');
    await exited;
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
