import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawnCli, testDatabaseServerUrl } from '@bazaar/testing';
import { ADMIN, startSoloForTests } from '../support/solo-for-tests.js';

// `npm run fuzz` for a short while against a whole system on the test server: 300 requests generated from
// the served /openapi.json, valid and invalid, as anonymous, a customer and the admin. No answer may be a
// 5xx, hang, break the connection or be an error without a problem body; afterwards the system must be
// ready and every invariant must hold. The fuzzer runs as the compiled CLI in a child process, as
// `npm run fuzz -- --url …` runs it.
let system: Awaited<ReturnType<typeof startSoloForTests>>;

before(async () => {
  system = await startSoloForTests();
});

after(async () => {
  await system?.close();
});

describe('fuzzing the API', { timeout: 120_000 }, () => {
  it('given a running system, when 300 generated requests are sent, then none fails and the system is healthy and consistent', async () => {
    const seed = 20_240_601;
    const child = spawnCli(['fuzz', '--url', system.url, '--requests', '300', '--seed', String(seed)], {
      env: {
        ...process.env,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        DATABASE_URL: testDatabaseServerUrl(),
        BAZAAR_DB_PREFIX: system.prefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exit) => resolve(exit)));
    assert.equal(code, 0, output);
    assert.match(output, /300 requests to \d+ operations in [\d.]+ s, 0 failures, seed 20240601/);
    assert.match(output, /GET \/health\/ready after the run: 200/);
    assert.match(output, /fuzz: OK/);
    const ready = await fetch(`${system.url}/health/ready`);
    assert.equal(ready.status, 200);
  });
});
