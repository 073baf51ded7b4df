// Run by deploy/Dockerfile at the end of its build stage, on the pruned tree, as the image will run it:
// 1. scripts/cli.mjs's buildIfStale() finds nothing to build (a build would need esbuild, a dev dependency);
// 2. `node scripts/cli.mjs serve gateway` starts with the production dependencies only (the gateway needs
//    no database: its upstreams' URLs point at a closed port) and answers GET /health/live, then stops on
//    SIGTERM with exit code 0.
// Any failure prints why and exits 1, which fails the image build.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fail = (message) => {
  console.error(`image check failed: ${message}`);
  process.exit(1);
};

const { buildIfStale } = await import(`${root}scripts/build.mjs`);
const built = await buildIfStale();
if (built.length > 0) fail(`a start would rebuild ${built.join(', ')}`);

const port = 18_080;
const nowhere = 'http://127.0.0.1:9';
const upstreams = ['IDENTITY', 'CATALOG', 'ORDERING', 'NOTIFICATION', 'INVENTORY', 'PAYMENT', 'SHIPPING'];
const env = {
  ...process.env,
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_FORMAT: 'json',
  ...Object.fromEntries([...upstreams, 'ANALYTICS'].map((name) => [`${name}_URL`, nowhere])),
};
const child = spawn(process.execPath, ['scripts/cli.mjs', 'serve', 'gateway'], { cwd: root, env });
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
});
child.stderr.on('data', (chunk) => {
  output += chunk;
});
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

const deadline = Date.now() + 30_000;
let live = false;
while (!live && Date.now() < deadline) {
  const early = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 250))]);
  if (early) fail(`serve gateway exited early (${early.code ?? early.signal}):\n${output}`);
  live = await fetch(`http://127.0.0.1:${port}/health/live`).then(
    (response) => response.ok,
    () => false,
  );
}
if (!live) {
  child.kill('SIGKILL');
  fail(`serve gateway did not answer /health/live within 30 s:\n${output}`);
}
child.kill('SIGTERM');
const { code, signal } = await exited;
if (code !== 0) fail(`serve gateway stopped with ${code ?? signal} after SIGTERM:\n${output}`);
console.log('image check: nothing to rebuild; serve gateway started, answered /health/live, stopped cleanly');
