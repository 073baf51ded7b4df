import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedCluster } from '@bazaar/postgres';

/** The PostgreSQL server a benchmark runs on: DATABASE_URL when set, else a throw-away embedded one. */
export async function benchDatabaseServer(): Promise<{ url: string; label: string; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, label: 'DATABASE_URL', close: async () => {} };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-bench-'));
  chmodSync(dataDir, 0o755);
  const cluster = new EmbeddedCluster({ dataDir });
  await cluster.start();
  return {
    url: cluster.url,
    label: 'embedded PostgreSQL',
    async close() {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
