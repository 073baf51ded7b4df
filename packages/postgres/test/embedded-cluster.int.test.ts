import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createPool, EmbeddedCluster, type Pool } from '../src/index.js';

// initdb and the first start take a few seconds; a slow machine gets plenty more.
const SLOW = { timeout: 120_000 };

let root: string;
const clusters: EmbeddedCluster[] = [];
const pools: Pool[] = [];
const logs: string[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'bazaar-embedded-'));
  // mkdtemp makes the folder private to root; the cluster runs as the `postgres` user, who must enter it.
  await chmod(root, 0o755);
});

after(async () => {
  await Promise.all(pools.map((pool) => pool.end({ timeout: 5 })));
  for (const cluster of clusters) await cluster.stop();
  await rm(root, { recursive: true, force: true });
});

function newCluster(name: string): EmbeddedCluster {
  const cluster = new EmbeddedCluster({ dataDir: join(root, name), log: (message) => logs.push(message) });
  clusters.push(cluster);
  return cluster;
}

function poolOn(url: string): Pool {
  const pool = createPool(url, { max: 2, applicationName: 'embedded-cluster-test' });
  pools.push(pool);
  return pool;
}

async function closePool(pool: Pool): Promise<void> {
  pools.splice(pools.indexOf(pool), 1);
  await pool.end({ timeout: 5 });
}

/** Whether a TCP connection to address:port is accepted. */
async function accepts(address: string, port: number): Promise<boolean> {
  const socket = connect({ host: address, port, timeout: 2_000 });
  try {
    await Promise.race([
      once(socket, 'connect'),
      once(socket, 'timeout').then(() => {
        throw new Error('timeout');
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

async function postmasterPid(dataDir: string): Promise<number> {
  const text = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8');
  return Number(text.split('\n')[0]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('EmbeddedCluster', () => {
  let cluster: EmbeddedCluster;

  it('starts a real PostgreSQL that a pool can create a table in and write to', SLOW, async () => {
    // given
    cluster = newCluster('main');
    // when
    await cluster.start();
    // then
    assert.match(cluster.url, /^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    assert.ok(cluster.port > 0);
    const pool = poolOn(cluster.url);
    await pool`CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)`;
    await pool`INSERT INTO notes VALUES (1, 'survives restarts')`;
    const [row] = await pool<{ body: string }[]>`SELECT body FROM notes WHERE id = 1`;
    assert.equal(row?.body, 'survives restarts');
    const [version] = await pool<{ server_version_num: string }[]>`SHOW server_version_num`;
    assert.ok(Number(version?.server_version_num) >= 150_000);
  });

  it('listens on 127.0.0.1 only, and on a Unix socket in a private folder of its own', SLOW, async () => {
    const pool = poolOn(cluster.url);
    const [listen] = await pool<{ listen_addresses: string }[]>`SHOW listen_addresses`;
    assert.equal(listen?.listen_addresses, '127.0.0.1');
    const [sockets] = await pool<{ unix_socket_directories: string }[]>`SHOW unix_socket_directories`;
    const socketDir = join(root, 'main', 'socket');
    assert.equal(sockets?.unix_socket_directories, socketDir, 'not a shared folder such as /tmp');
    assert.equal(statSync(socketDir).mode & 0o777, 0o700, 'no other local user reaches the socket');
    // The socket URL reaches the same server, and still needs the password.
    assert.ok(cluster.socketUrl?.includes(`host=${encodeURIComponent(socketDir)}`));
    const viaSocket = poolOn(cluster.socketUrl!);
    const [peer] = await viaSocket<{ address: string | null }[]>`SELECT inet_client_addr()::text AS address`;
    assert.equal(peer?.address, null, 'connected through the socket, not TCP');
    const wrongPassword = cluster.socketUrl!.replace(/:[^:@]*@/, ':wrong@');
    await assert.rejects(poolOn(wrongPassword)`SELECT 1`);

    assert.equal(await accepts('127.0.0.1', cluster.port), true);
    const elsewhere = [
      '127.0.0.2',
      '::1',
      ...Object.values(networkInterfaces())
        .flat()
        .filter(
          (network) => network !== undefined && !network.internal && !network.address.startsWith('fe80'),
        )
        .map((network) => network!.address),
    ];
    for (const address of elsewhere) {
      assert.equal(
        await accepts(address, cluster.port),
        false,
        `${address}:${cluster.port} must not accept connections`,
      );
    }
  });

  it('refuses connections without the generated password', SLOW, async () => {
    const noPassword = createPool(`postgres://postgres@127.0.0.1:${cluster.port}/postgres`, { max: 1 });
    const wrongPassword = createPool(`postgres://postgres:guess@127.0.0.1:${cluster.port}/postgres`, {
      max: 1,
    });
    try {
      await assert.rejects(noPassword`SELECT 1`);
      await assert.rejects(wrongPassword`SELECT 1`, /password authentication failed/);
    } finally {
      await noPassword.end({ timeout: 5 });
      await wrongPassword.end({ timeout: 5 });
    }
  });

  it('keeps its data when stopped and started again on the same folder', SLOW, async () => {
    // given a row written before the stop
    for (const pool of [...pools]) await closePool(pool);
    const firstUrl = cluster.url;
    // when
    await cluster.stop();
    assert.throws(() => cluster.url, /not started/);
    await cluster.start();
    // then
    const pool = poolOn(cluster.url);
    const [row] = await pool<{ body: string }[]>`SELECT body FROM notes WHERE id = 1`;
    assert.equal(row?.body, 'survives restarts');
    assert.equal(new URL(cluster.url).password, new URL(firstUrl).password, 'the generated password is kept');
  });

  it('keeps its data when a new instance opens the same folder', SLOW, async () => {
    for (const pool of [...pools]) await closePool(pool);
    await cluster.stop();
    const again = newCluster('main');
    await again.start();
    const pool = poolOn(again.url);
    const [row] = await pool<{ body: string }[]>`SELECT body FROM notes WHERE id = 1`;
    assert.equal(row?.body, 'survives restarts');
    await closePool(pool);
    await again.stop();
  });

  it('starts on a folder whose server was left running by a crashed process, data intact', SLOW, async () => {
    // given a cluster started by another process that is then killed (SIGKILL) without stopping it,
    // as happens when a host or container dies: its PostgreSQL keeps running and holds the folder
    const dataDir = join(root, 'crashed');
    const clusterModule = fileURLToPath(new URL('../src/embedded-cluster.ts', import.meta.url));
    const script = `
      const { EmbeddedCluster } = await import(${JSON.stringify(clusterModule)});
      const cluster = new EmbeddedCluster({ dataDir: process.env.CLUSTER_DATA_DIR });
      await cluster.start();
      process.stdout.write(JSON.stringify({ url: cluster.url }) + '\\n');
      setInterval(() => {}, 60_000);
    `;
    const crashing = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, CLUSTER_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    crashing.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    let stdout = '';
    const started = new Promise<string>((resolve, reject) => {
      crashing.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve((JSON.parse(stdout.split('\n')[0]!) as { url: string }).url);
      });
      crashing.once('exit', (code) => reject(new Error(`the first process exited (${code}): ${stderr}`)));
    });
    let leftoverPid = 0;
    try {
      const firstUrl = await started;
      const firstPool = poolOn(firstUrl);
      await firstPool`CREATE TABLE orders (id int PRIMARY KEY)`;
      await firstPool`INSERT INTO orders SELECT generate_series(1, 100)`;
      await closePool(firstPool);
      leftoverPid = await postmasterPid(dataDir);

      crashing.kill('SIGKILL');
      if (crashing.exitCode === null && crashing.signalCode === null) await once(crashing, 'exit');
      assert.equal(isAlive(leftoverPid), true, 'precondition: the server outlives the killed process');

      // when a new instance starts on the same folder
      const recovered = newCluster('crashed');
      await recovered.start();

      // then it runs a server of its own with the data intact
      const pool = poolOn(recovered.url);
      const [row] = await pool<{ count: number; total: number }[]>`
        SELECT count(*)::int AS count, sum(id)::int AS total FROM orders`;
      assert.deepEqual({ ...row }, { count: 100, total: 5050 });
      const newPid = await postmasterPid(dataDir);
      assert.notEqual(newPid, leftoverPid);
      assert.equal(isAlive(leftoverPid), false, 'the leftover server was stopped');
      assert.ok(
        logs.some((message) => message.includes(`left running from an earlier start (pid ${leftoverPid})`)),
      );
      await pool`INSERT INTO orders VALUES (101)`;
    } finally {
      if (crashing.exitCode === null && crashing.signalCode === null) crashing.kill('SIGKILL');
      // Never leave a server behind, whatever failed above.
      if (leftoverPid > 0 && isAlive(leftoverPid)) {
        process.kill(leftoverPid, 'SIGINT');
        for (let waited = 0; waited < 10_000 && isAlive(leftoverPid); waited += 100) await sleep(100);
      }
    }
  });
});
