import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/**
 * The real PostgreSQL server integration tests use. Tests fail (never skip) when it cannot be reached:
 * a suite that silently skips proves nothing.
 */
export function testDatabaseServerUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** A prefix no other test run uses, so runs in parallel (and leftovers of crashed runs) never collide. */
export function uniqueDatabasePrefix(label = 't'): string {
  return `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
}

export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE ${`${prefix.replace(/_/g, '\\_')}\\_%`}`;
    for (const { datname } of rows) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
