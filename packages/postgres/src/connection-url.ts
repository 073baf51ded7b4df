import postgres from 'postgres';

/**
 * postgres.js options for a connection URL, with libpq's way of naming a Unix-domain socket:
 * `postgres://user:password@localhost:5432/db?host=/run/postgresql` connects through the socket
 * `/run/postgresql/.s.PGSQL.5432` (the port names the socket file). A socket on the same machine costs
 * the kernel much less per round trip than TCP over loopback, which matters at thousands of statements a
 * second. postgres.js itself only reads a socket from its `path` option.
 */
export function connectionOptions(url: string): { url: string; path?: string } {
  const parsed = new URL(url);
  const socketDirectory = parsed.searchParams.get('host');
  if (!socketDirectory?.startsWith('/')) return { url };
  parsed.searchParams.delete('host');
  const port = parsed.port || '5432';
  return { url: parsed.toString(), path: `${socketDirectory.replace(/\/$/, '')}/.s.PGSQL.${port}` };
}

/** A plain postgres.js client for `url` (Unix sockets included); pools for services come from createPool. */
export function connect(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}) {
  const { url: cleaned, path } = connectionOptions(url);
  return postgres(cleaned, { ...options, ...(path ? { path } : {}) });
}
