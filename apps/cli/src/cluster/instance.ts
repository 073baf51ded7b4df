import { type ChildProcess, spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../repo-root.js';

export type InstanceState = 'starting' | 'ready' | 'stopping' | 'exited';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Where a line an instance printed goes (the supervisor prefixes it with the instance's label). */
export type OutputSink = (label: string, line: string) => void;

/** One process of the cluster: a service's instance, or one of the gateway's workers. */
export class Instance {
  state: InstanceState = 'starting';
  readonly exited: Promise<Exit>;
  readonly startedAt = Date.now();
  private exitSeen: Exit | undefined;
  private stopAsked = false;

  private constructor(
    readonly service: string,
    readonly label: string,
    /** Its own address; undefined for a gateway worker, which serves the shared port. */
    readonly url: string | undefined,
    private readonly child: ChildProcess,
    private readonly listening: Promise<void> | undefined,
    output: OutputSink,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.state = 'exited';
        this.exitSeen = { code, signal };
        resolve(this.exitSeen);
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
          output(label, line),
        );
    }
  }

  /**
   * `node scripts/cli.mjs serve <service>` in a process group of its own, so a Ctrl-C in the terminal
   * reaches only the supervisor, which then stops everything in order. The IPC channel is how the child
   * notices that the supervisor is gone (it then stops too, see `serve`).
   */
  static spawnService(
    service: string,
    label: string,
    port: number,
    env: NodeJS.ProcessEnv,
    output: OutputSink,
  ): Instance {
    const child = spawn(process.execPath, [join(repoRoot(), 'scripts', 'cli.mjs'), 'serve', service], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    return new Instance(service, label, `http://127.0.0.1:${port}`, child, undefined, output);
  }

  /**
   * A gateway worker: a node:cluster worker of the supervisor, so every worker serves the one public port
   * (the supervisor accepts and hands connections round robin; Node 20 has no `reusePort`).
   */
  static forkGatewayWorker(label: string, env: NodeJS.ProcessEnv, output: OutputSink): Instance {
    cluster.setupPrimary({
      exec: join(repoRoot(), 'scripts', 'cli.mjs'),
      args: ['serve', 'gateway'],
      silent: true,
    });
    const worker = cluster.fork(env);
    const listening = new Promise<void>((resolve) => worker.once('listening', () => resolve()));
    return new Instance('gateway', label, undefined, worker.process, listening, output);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True once the supervisor asked it to stop: its exit is then no crash. */
  get stopRequested(): boolean {
    return this.stopAsked;
  }

  get exit(): Exit | undefined {
    return this.exitSeen;
  }

  /** Resolves once the instance serves: `/health/ready` answers 200 (a gateway worker: it listens). */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const exitedFirst = this.exited.then((exit) => {
      throw new Error(`${this.label} exited (${exit.signal ?? `code ${exit.code}`}) before it was ready`);
    });
    exitedFirst.catch(() => {});
    const serving = this.listening ? this.listening : this.pollReady(deadline);
    const timeout = sleep(timeoutMs, undefined, { ref: false }).then(() => {
      throw new Error(`${this.label} was not ready within ${Math.round(timeoutMs / 1000)} s`);
    });
    timeout.catch(() => {});
    await Promise.race([serving, exitedFirst, timeout]);
    if (this.state === 'starting') this.state = 'ready';
  }

  private async pollReady(deadline: number): Promise<void> {
    while (Date.now() < deadline && this.state === 'starting') {
      try {
        const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(1_000) });
        await response.body?.cancel();
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    await new Promise(() => {}); // exited or timed out: the race in ready() reports which
  }

  /** Graceful stop: SIGTERM (the instance drains), SIGKILL if it is still running after `graceMs`. */
  async stop(graceMs: number): Promise<Exit> {
    if (this.exitSeen) return this.exitSeen;
    this.state = 'stopping';
    this.stopAsked = true;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exitSeen) return;
    try {
      this.child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}
