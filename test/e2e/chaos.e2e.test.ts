import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  dropDatabasesWithPrefix,
  spawnCli,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';

// `npm run chaos` as a user runs it, short: the compiled CLI starts a solo system of its own on the test
// server, puts a low open-loop order load on it, SIGKILLs it twice at seeded moments and starts it again,
// then waits for the orders to settle and checks the invariants. Its exit code and its verdict line say
// whether anything was lost or got stuck.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('chaos');

after(async () => {
  if (!process.env.KEEP_DBS) await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('npm run chaos', { timeout: 150_000 }, () => {
  it('given two kills under a low load, when the run ends, then it exits 0 with lost=0 and stuck=0', async () => {
    const child = spawnCli(
      ['chaos', '--kills', '2', '--rate', '8', '--duration', '15s', '--buyers', '4', '--seed', '20261202'],
      {
        env: { ...process.env, DATABASE_URL: serverUrl, BAZAAR_DB_PREFIX: prefix },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exitCode) => resolve(exitCode)),
    );
    console.log(output);
    assert.equal(code, 0, `chaos exited with ${code}:\n${output}`);
    assert.match(output, /^lost=0 stuck=0 invariants=ok/m);
    assert.match(output, /^chaos: PASS$/m);
    const kills = output.match(/SIGKILL pid \d+, restarted as pid \d+: ready after/g) ?? [];
    assert.equal(kills.length, 2, 'both kills happened and the system came back each time');
    assert.match(output, /^all invariants hold$/m);
  });
});
