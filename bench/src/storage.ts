import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPool,
  databaseUrlFor,
  dropDatabase,
  EmbeddedCluster,
  ensureDatabase,
  type Pool,
} from '@bazaar/postgres';
import { uniqueDatabasePrefix } from '@bazaar/testing';

export interface BenchDatabaseServer {
  url: string;
  /** The same server through its Unix socket, when it has one (as solo mode's services connect). */
  socketUrl?: string;
  label: string;
  /** The postmaster's pid when the server is the benchmark's own (its CPU can then be measured). */
  pid(): number | undefined;
  close(): Promise<void>;
}

/**
 * The PostgreSQL server a benchmark runs on: DATABASE_URL when set, else a throw-away embedded one (with
 * PostgreSQL's defaults: fsync and synchronous_commit on) and any extra `settings`.
 */
export async function benchDatabaseServer(
  options: { settings?: Record<string, string> } = {},
): Promise<BenchDatabaseServer> {
  if (process.env.DATABASE_URL) {
    return {
      url: process.env.DATABASE_URL,
      label: 'DATABASE_URL',
      pid: () => undefined,
      close: async () => {},
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-bench-'));
  chmodSync(dataDir, 0o755);
  const cluster = new EmbeddedCluster({
    dataDir,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  await cluster.start();
  return {
    url: cluster.url,
    ...(cluster.socketUrl ? { socketUrl: cluster.socketUrl } : {}),
    label: 'embedded PostgreSQL',
    pid() {
      try {
        return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      } catch {
        return undefined;
      }
    },
    async close() {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `use` on a fresh database of the benchmark server, then drops it and stops the server. */
export async function withBenchDatabase<T>(
  name: string,
  options: { max: number },
  use: (db: Pool, server: { url: string; label: string }) => Promise<T>,
): Promise<T> {
  const server = await benchDatabaseServer();
  const database = `${uniqueDatabasePrefix('bench')}_${name}`;
  let db: Pool | undefined;
  try {
    await ensureDatabase(server.url, database);
    db = createPool(databaseUrlFor(server.url, database), {
      max: options.max,
      applicationName: `bench-${name}`,
    });
    return await use(db, server);
  } finally {
    await db?.end({ timeout: 5 });
    await dropDatabase(server.url, database).catch(() => {});
    await server.close();
  }
}
