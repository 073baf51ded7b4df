// `npm run contract`: starts the system as the end-to-end suites do, writes the documents it serves to
// packages/client/contract/ (the committed contract), and regenerates the typed client's types from it.
// Review the diff of those files: it is the change to the public API.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const run = (args, env = {}) => {
  const result = spawnSync(process.execPath, ['--conditions=bazaar-source', '--import', 'tsx', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(['--test', 'test/e2e/contract.e2e.test.ts'], { UPDATE_CONTRACT: '1' });
run(['packages/client/tools/write-schema.ts']);
