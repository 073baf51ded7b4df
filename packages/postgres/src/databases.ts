import { connect } from './connection-url.js';

/** The URL of `database` on the same server as `serverUrl` (credentials, host and options kept). */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(
      `'${name}' is not a valid database name (lower-case letters, digits and _ only, at most 63)`,
    );
  }
}

// Databases this process has seen exist, per server: a service starting after solo mode created every
// database at once skips its own check (a connection and a query each).
const known = new Map<string, Set<string>>();

/** Creates `name` on the server of `serverUrl` unless it exists. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  await ensureDatabases(serverUrl, [name]);
}

/**
 * Creates each of `names` that does not exist yet: one query finds them, then they are created side by
 * side (a new database copies its template through the WAL; ten in a row were most of a first start).
 * Several instances may start at once, so a duplicate-database race is treated as success.
 */
export async function ensureDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  for (const name of names) assertDatabaseName(name);
  const seen = known.get(serverUrl) ?? new Set<string>();
  known.set(serverUrl, seen);
  const wanted = names.filter((name) => !seen.has(name));
  if (wanted.length === 0) return;
  const admin = connect(serverUrl, {
    max: Math.min(wanted.length, 4),
    onnotice: () => {},
    connect_timeout: 10,
  });
  try {
    const existing = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname = ANY(${wanted}::text[])`;
    const present = new Set(existing.map((row) => row.datname));
    await Promise.all(
      wanted
        .filter((name) => !present.has(name))
        .map(async (name) => {
          try {
            await admin.unsafe(`CREATE DATABASE "${name}"`);
          } catch (error) {
            const code = (error as { code?: string }).code;
            // 42P04 duplicate_database; 23505 when two CREATE DATABASE race on the catalog's unique index.
            if (code !== '42P04' && code !== '23505') throw error;
          }
        }),
    );
    for (const name of wanted) seen.add(name);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  known.get(serverUrl)?.delete(name);
  const admin = connect(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
