import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, spawnSolo } from '@bazaar/testing';
import { http } from '../support/solo-for-tests.js';

// `npm start` as a user runs it: a child process on embedded PostgreSQL with its data in a folder.
const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-solo-'));
// As root, PostgreSQL runs as the `postgres` user, who must be able to enter the folder.
chmodSync(dataDir, 0o755);
const account = { email: 'restart@example.com', password: 'kept across reboots', name: 'Rita' };
const running: ChildProcess[] = [];

function startSolo(port: number, env: Record<string, string> = {}) {
  const solo = spawnSolo({ port, env: { BAZAAR_DATA_DIR: dataDir, ...env } });
  running.push(solo.child);
  return solo;
}

after(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('solo mode on embedded PostgreSQL', { timeout: 300_000 }, () => {
  it('starts from nothing, stops cleanly on Ctrl-C and keeps its data across restarts', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = startSolo(port);
    const coldMs = await first.ready();
    assert.match(first.output(), /Bazaar is running/);
    // Output to a pipe: JSON lines, and the generated admin password both logged and in the banner.
    const logged = first
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; service: string });
    const created = logged.find((entry) => entry.msg.startsWith('created the admin account'));
    assert.ok(created, first.output());
    assert.equal(created.service, 'identity');
    const password = /with password (\S+)/.exec(created.msg)?.[1];
    assert.ok(password);
    assert.match(first.output(), new RegExp(`\n  admin +admin@bazaar\\.local / ${password} `));
    const registered = await http(base, 'POST', '/api/auth/register', { body: account });
    assert.equal(registered.status, 201, registered.text);
    const productCount = (await http(base, 'GET', '/api/products?limit=100')).body.items.length;

    first.child.kill('SIGINT');
    assert.equal(await first.exited, 0, first.output());
    assert.equal(
      existsSync(join(dataDir, 'postgres', 'postmaster.pid')),
      false,
      'PostgreSQL stopped with it',
    );

    // LOG_FORMAT=pretty: readable lines even to a pipe (a terminal gets them by default), never JSON.
    const second = startSolo(port, { LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' });
    const warmMs = await second.ready();
    const login = await http(base, 'POST', '/api/auth/login', {
      body: { email: account.email, password: account.password },
    });
    assert.equal(login.status, 200, 'the user registered before the restart still logs in');
    assert.equal(
      (await http(base, 'GET', '/api/products?limit=100')).body.items.length,
      productCount,
      'no second seeding',
    );
    assert.doesNotMatch(second.output(), /created the admin account/);
    assert.doesNotMatch(second.output(), /\n {2}admin /, 'the password is shown only when generated');
    assert.match(second.output(), /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: gateway: Server listening at http:/m);
    assert.doesNotMatch(second.output(), /^\{/m);
    console.log(
      `solo start-up: ${(coldMs / 1000).toFixed(1)} s from an empty data folder, ${(warmMs / 1000).toFixed(1)} s on restart`,
    );

    // A killed process leaves its PostgreSQL behind; the next start must take the folder over.
    second.child.kill('SIGKILL');
    await second.exited;
    const third = startSolo(port);
    await third.ready();
    assert.equal(
      (
        await http(base, 'POST', '/api/auth/login', {
          body: { email: account.email, password: account.password },
        })
      ).status,
      200,
    );
    third.child.kill('SIGTERM');
    assert.equal(await third.exited, 0, third.output());
  });

  it('refuses bad configuration with a message naming the variable', async () => {
    const solo = startSolo(0, { PORT: 'eighty', LOG_LEVEL: 'loud', LOG_FORMAT: 'fancy' });
    assert.equal(await solo.exited, 2);
    assert.match(solo.output(), /PORT: .*"eighty"/);
    assert.match(solo.output(), /LOG_LEVEL: .*"loud"/);
    assert.match(solo.output(), /LOG_FORMAT: .*"fancy"/);
  });
});
