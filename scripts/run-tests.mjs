// Runs the test files of the given kinds (unit, int, e2e; all by default) in one node:test run, so one
// summary closes the output. Node 20's runner has no TypeScript or glob support of its own: tsx loads the
// files and this script finds them. Tests run the sources (the `bazaar-source` export condition); the
// end-to-end suites start the compiled CLI as `npm start` does, so the build runs first.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildIfStale } from './build.mjs';

const root = new URL('..', import.meta.url).pathname;
const kinds = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const wanted = kinds.length > 0 ? kinds : ['unit', 'int', 'e2e'];
const skipDirectories = new Set(['node_modules', '.git', '.bazaar']);

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
const result = spawnSync(
  process.execPath,
  [
    '--conditions=bazaar-source',
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    // A hang fails the test instead of stalling CI until its limit.
    '--test-timeout=180000',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    // Node processes the tests start (fixtures through tsx) run the sources too.
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --conditions=bazaar-source`.trim(),
    },
  },
);
process.exit(result.status ?? 1);
