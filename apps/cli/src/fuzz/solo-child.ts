import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A solo system of its own for one fuzz run: embedded PostgreSQL in a fresh folder, thrown away after. */
export interface ChildSolo {
  url: string;
  dataDir: string;
  admin: { email: string; password: string };
  output(): string;
  stop(): Promise<void>;
}

/**
 * `node scripts/cli.mjs solo` (what `npm start` runs) in a child process, on a free port, with its data
 * in a new temporary folder and a generated admin password. Ready once /health/ready answers 200 and the
 * banner is printed (as packages/testing's spawnSolo decides it).
 */
export async function startChildSolo(timeoutMs = 120_000): Promise<ChildSolo> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bazaar-fuzz-'));
  // Run as root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const admin = { email: 'admin@bazaar.local', password: `fuzz-${randomBytes(12).toString('hex')}` };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    BAZAAR_DATA_DIR: dataDir,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  delete env.DATABASE_URL;
  delete env.BAZAAR_DB_PREFIX;
  if (env.NODE_OPTIONS)
    env.NODE_OPTIONS = env.NODE_OPTIONS.replace(/--conditions[= ]bazaar-source/g, '').trim();
  const child: ChildProcess = spawn(process.execPath, ['scripts/cli.mjs', 'solo'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(forced);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const startedAt = performance.now();
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`solo exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
      if (performance.now() - startedAt > timeoutMs)
        throw new Error(`solo was not ready within ${timeoutMs} ms:\n${output}`);
      try {
        if ((await fetch(`${url}/health/ready`)).status === 200 && output.includes('Bazaar is running'))
          break;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, admin, output: () => output, stop };
}
