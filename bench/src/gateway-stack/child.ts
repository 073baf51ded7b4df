import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What a child sends its parent over IPC once it is listening. */
export interface ReadyMessage {
  ready: string;
}

export interface BenchChild {
  name: string;
  url: string;
  pid: number;
  /** Graceful: SIGTERM (the child stops and exits, writing its CPU profile if it takes one), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/**
 * Runs a TypeScript entry of the bench in a process of its own (through tsx, without the `bazaar-source`
 * condition, so the workspace packages it imports are their compiled dist, as `npm start` runs them) and
 * resolves with the URL it reports once it listens. stdout goes to `logFile` (the gateway's JSON logs,
 * access log included) or nowhere; stderr is kept for the error message should it die.
 */
export async function startChild(
  name: string,
  entry: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv; logFile?: string; nodeFlags?: string[] } = {},
): Promise<BenchChild> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (env.NODE_OPTIONS)
    env.NODE_OPTIONS = env.NODE_OPTIONS.replace(/--conditions[= ]bazaar-source/g, '').trim();
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', 'tsx', entry, ...(options.args ?? [])],
    { cwd: REPO_ROOT, env, stdio: ['ignore', out, 'pipe', 'ipc'] },
  );
  if (typeof out === 'number') closeSync(out);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within 60 s:\n${stderr}`));
    }, 60_000);
    child.on('message', (message: ReadyMessage) => {
      clearTimeout(timer);
      resolve(message.ready);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code ?? signal} before it was ready:\n${stderr}`));
    });
  });
  return {
    name,
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** In a child: stop cleanly on SIGTERM (so `--cpu-prof` is written), and go when the parent goes. */
export function stopOnTerminate(stop: () => Promise<void>): void {
  process.on('SIGTERM', () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // A parent that dies without stopping us must not leave us behind.
  process.on('disconnect', () => process.exit(0));
}

/** In a child: tell the parent where it listens. */
export function announce(url: string): void {
  process.send!({ ready: url } satisfies ReadyMessage);
}
