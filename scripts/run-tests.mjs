// Runs the test files of the given kinds (unit, int, e2e; all by default) in one node:test run (and the few
// suites that need the machine to themselves in a second one after it), each closed by its summary. Node 20's runner has no TypeScript or glob support of its own: tsx loads the
// files and this script finds them. Tests run the sources (the `bazaar-source` export condition); the
// end-to-end suites start the compiled CLI as `npm start` does, so the build runs first.
//
// The run sets up what it needs: without TEST_DATABASE_URL it starts an embedded PostgreSQL (real binaries
// from node_modules) for the whole run, with the settings the suites need, and removes it at the end.
// RabbitMQ and Redis are looked for (TEST_AMQP_URL/AMQP_URL, TEST_REDIS_URL/REDIS_URL, or the local default
// ports); suites that need a missing one are skipped and listed at the end, except with CI=true, where a
// missing server fails the run before any test starts.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildIfStale } from './build.mjs';

const root = new URL('..', import.meta.url).pathname;
const kinds = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const wanted = kinds.length > 0 ? kinds : ['unit', 'int', 'e2e'];
const skipDirectories = new Set(['node_modules', '.git', '.bazaar']);
const onCi = process.env.CI === 'true' || process.env.CI === '1';

function findTests(directory) {
  const found = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skipDirectories.has(entry.name)) found.push(...findTests(join(directory, entry.name)));
    } else if (wanted.some((kind) => entry.name.endsWith(`.${kind}.test.ts`))) {
      found.push(relative(root, join(directory, entry.name)));
    }
  }
  return found;
}

const files = ['packages', 'services', 'apps', 'test'].flatMap((top) => findTests(join(root, top))).sort();
if (files.length === 0) {
  console.error(`no ${wanted.join('/')} test files found`);
  process.exit(1);
}
await buildIfStale();
const startedAt = performance.now();

// Compiled building blocks, fresh after the build above.
const { optionalServers, redactUrl, unreachableBecause } = await import(
  '../packages/testing/dist/servers.js'
);

const report = [];
const unreachable = [];
for (const [name, server] of Object.entries(optionalServers())) {
  const because = await unreachableBecause(server.url);
  if (because) unreachable.push({ name, ...server, because });
  report.push(
    `${server.title.padEnd(10)} ${redactUrl(server.url)}: ${because ? `not reachable (${because})` : 'reachable'}`,
  );
}
if (onCi && unreachable.length > 0) {
  for (const server of unreachable)
    console.error(
      `CI=true: ${server.title} is not reachable at ${redactUrl(server.url)} (${server.because}); its suites cannot be skipped on CI`,
    );
  process.exit(1);
}

let embedded;
const env = {
  ...process.env,
  // Node processes the tests start (fixtures through tsx) run the sources too.
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --conditions=bazaar-source`.trim(),
};
if (!process.env.TEST_DATABASE_URL && wanted.some((kind) => kind !== 'unit')) {
  embedded = await startEmbeddedServer();
  env.TEST_DATABASE_URL = embedded.cluster.url;
  report.unshift(
    `PostgreSQL embedded for this run (TEST_DATABASE_URL unset), in ${embedded.dir}, stopped at the end`,
  );
} else if (process.env.TEST_DATABASE_URL) {
  report.unshift(`PostgreSQL  ${redactUrl(process.env.TEST_DATABASE_URL)} (TEST_DATABASE_URL)`);
}
console.log(`${report.join('\n')}\n`);

// Suites that run a whole multi-process system of their own (the cluster's: eighteen processes; the pages on a
// cluster: eleven and a browser; the admin reads on a cluster: eleven) need the machine to themselves: beside
// another end-to-end suite, they starve on two cores. They run after the rest, one at a time.
const RUN_ALONE = new Set([
  'test/e2e/cluster.e2e.test.ts',
  'apps/web/test/cluster.e2e.test.ts',
  'test/e2e/cluster-admin-reads.e2e.test.ts',
]);
const runs = [
  { files: files.filter((file) => !RUN_ALONE.has(file)), concurrency: process.env.TEST_CONCURRENCY ?? 2 },
  { files: files.filter((file) => RUN_ALONE.has(file)), concurrency: 1 },
].filter((run) => run.files.length > 0);

// Ctrl-C reaches the test run too (same process group); the embedded server is stopped once it has ended.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
let status = 0;
for (const run of runs) {
  const child = spawn(
    process.execPath,
    [
      '--conditions=bazaar-source',
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts/test-skips-reporter.mjs')}`,
      '--test-reporter-destination=stdout',
      // A hang fails the test instead of stalling CI until its limit. Each file counts as a test too: the
      // longest (the cluster's, two transports of two instances of everything) runs about ten minutes.
      '--test-timeout=900000',
      `--test-concurrency=${run.concurrency}`,
      ...run.files,
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  const code = await new Promise((resolve) =>
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
  );
  if (code !== 0) status = code;
}
if (embedded) await embedded.stop();
console.log(`\ntests took ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
process.exit(status);

/**
 * A PostgreSQL server of this run's own in a temporary folder. max_connections is what the end-to-end suites
 * need (whole systems side by side, each with its pools, LISTEN and lock connections); fsync and
 * synchronous_commit stay on, as everywhere.
 */
async function startEmbeddedServer() {
  const { EmbeddedCluster } = await import('../packages/postgres/dist/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'bazaar-test-pg-'));
  // As root the server runs as the postgres user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  const cluster = new EmbeddedCluster({
    dataDir: dir,
    settings: { max_connections: '400', shared_buffers: '128MB' },
    log: process.env.TEST_LOG_LEVEL === 'debug' ? (line) => console.log(`[test-pg] ${line}`) : undefined,
  });
  const began = performance.now();
  try {
    await cluster.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    console.error(
      `could not start the embedded PostgreSQL for the tests: ${error instanceof Error ? error.message : error}`,
    );
    console.error('Set TEST_DATABASE_URL to a server (max_connections ≥ 400) to use it instead.');
    process.exit(1);
  }
  console.log(`embedded PostgreSQL ready in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return {
    cluster,
    dir,
    async stop() {
      await cluster.stop().catch((error) => console.error(`stopping the embedded PostgreSQL: ${error}`));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
